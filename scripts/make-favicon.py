#!/usr/bin/env python3
"""make-favicon.py - draws the site's icon, twelve gold dots in a ring on EU
blue (the flag's stars, simplified), as static/favicon.svg and as a 32x32
static/favicon.ico (the address browsers ask for on their own). Run from the
project root; the output is committed, this script says how it was made."""
import math
import struct

BLUE = (0x00, 0x33, 0x99)
GOLD = (0xFF, 0xCC, 0x00)
N, RING, DOT = 12, 0.34, 0.075  # dots, ring radius and dot radius (of the side)


def svg():
    dots = []
    for i in range(N):
        a = 2 * math.pi * i / N
        dots.append('<circle cx="%.2f" cy="%.2f" r="%.2f"/>' % (
            50 + 100 * RING * math.sin(a), 50 - 100 * RING * math.cos(a), 100 * DOT))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
            '<rect width="100" height="100" rx="12" fill="#003399"/>'
            '<g fill="#ffcc00">' + ''.join(dots) + '</g></svg>\n')


def pixel(x, y, size):
    """Colour of pixel (x, y), 4x4 supersampled."""
    hits = 0
    for sy in range(4):
        for sx in range(4):
            px = (x + (sx + 0.5) / 4) / size
            py = (y + (sy + 0.5) / 4) / size
            for i in range(N):
                a = 2 * math.pi * i / N
                cx, cy = 0.5 + RING * math.sin(a), 0.5 - RING * math.cos(a)
                if (px - cx) ** 2 + (py - cy) ** 2 <= DOT ** 2:
                    hits += 1
                    break
    t = hits / 16
    return tuple(round(b + (g - b) * t) for b, g in zip(BLUE, GOLD))


def ico(size=32):
    rows = []
    for y in range(size - 1, -1, -1):  # bottom-up
        for x in range(size):
            r, g, b = pixel(x, y, size)
            rows.append(struct.pack('BBBB', b, g, r, 255))
    xor = b''.join(rows)
    and_mask = b'\0' * (((size + 31) // 32) * 4 * size)
    header = struct.pack('<IiiHHIIiiII', 40, size, size * 2, 1, 32, 0, len(xor) + len(and_mask), 0, 0, 0, 0)
    image = header + xor + and_mask
    return (struct.pack('<HHH', 0, 1, 1) +
            struct.pack('<BBBBHHII', size, size, 0, 0, 1, 32, len(image), 6 + 16) + image)


with open('static/favicon.svg', 'w') as f:
    f.write(svg())
with open('static/favicon.ico', 'wb') as f:
    f.write(ico())

#!/usr/bin/python3
"""make-map.py - the map of Europe by NUTS 2 region that /portfolio/map draws.

Reads the GISCO NUTS 2021 level-2 regions at 1:60 million (GeoJSON, EPSG:4326)
and writes data/map/nuts2-2021.txt: every region projected with the Lambert
azimuthal equal-area projection centred at 52N 10E (Eurostat's EPSG:3035),
simplified and quantised to whole map units, as SVG path data.

    /usr/bin/python3 scripts/make-map.py [GEOJSON [OUT]]

GEOJSON defaults to ../shared/data/nuts/nuts-2021-60M-2.json, OUT to
data/map/nuts2-2021.txt. Python 3 standard library only; the output is the
same byte for byte on every run with the same input.

Shared borders stay shared: every ring is cut into arcs at the points where
its neighbour changes, each arc is simplified once (Douglas-Peucker in
projected metres) and used by both regions it divides, so no gap or overlap
opens between neighbours. Regions far from the European frame (the
Canaries, the Azores, Madeira, the French outermost regions, Svalbard) are drawn
in inset boxes at the frame's left edge, each at the map's scale around its
own centre; islands more than 800 km from an inset's largest are left out
(Jan Mayen, of NO0B).

The output format (read by src/core/map.c):
    # comment lines
    map 1 WIDTH HEIGHT          (the viewBox: 0 0 WIDTH HEIGHT)
    region CODE PATH            (one line per region; PATH: M, l, z and numbers)
    borders PATH                (the borders between countries, one path)
    insets PATH                 (the frames of the inset boxes, one path)
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', '..', 'shared', 'data', 'nuts', 'nuts-2021-60M-2.json')
OUT = os.path.join(HERE, '..', 'data', 'map', 'nuts2-2021.txt')

UNIT = 2000.0       # metres per map unit
TOLERANCE = 2500.0  # Douglas-Peucker tolerance, metres
MIN_RING = 60e6     # islands smaller than this (m^2) are left out, unless a
                    # region would have no ring left
INSETS = ['ES70', 'PT20', 'PT30', 'FRY1', 'FRY2', 'FRY3', 'FRY4', 'FRY5', 'NO0B']
INSET_PAD = 6       # room around a region in its inset box, map units
MARGIN = 8          # map units around the frame
INSET_REACH = 800e3 # metres from an inset's largest island to the farthest kept
MARKER = 4          # side of the square drawn for a region too small to draw


def laea(lon, lat, lon0=10.0, lat0=52.0):
    """Lambert azimuthal equal-area on the GRS80 ellipsoid (EPSG:3035 without
    its false easting and northing), metres."""
    a = 6378137.0
    e2 = 0.00669438002290
    e = math.sqrt(e2)

    def q(phi):
        s = math.sin(phi)
        return (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * math.log((1 - e * s) / (1 + e * s)))

    phi, lam = math.radians(lat), math.radians(lon)
    phi0, lam0 = math.radians(lat0), math.radians(lon0)
    qp = q(math.pi / 2)
    rq = a * math.sqrt(qp / 2)
    beta = math.asin(q(phi) / qp)
    beta0 = math.asin(q(phi0) / qp)
    d = a * math.cos(phi0) / math.sqrt(1 - e2 * math.sin(phi0) ** 2) / (rq * math.cos(beta0))
    b = rq * math.sqrt(2 / (1 + math.sin(beta0) * math.sin(beta) +
                            math.cos(beta0) * math.cos(beta) * math.cos(lam - lam0)))
    x = b * d * math.cos(beta) * math.sin(lam - lam0)
    y = (b / d) * (math.cos(beta0) * math.sin(beta) - math.sin(beta0) * math.cos(beta) * math.cos(lam - lam0))
    return x, y


def polygons(geom):
    if geom['type'] == 'Polygon':
        return [geom['coordinates']]
    if geom['type'] == 'MultiPolygon':
        return geom['coordinates']
    raise SystemExit('make-map: unexpected geometry type %s' % geom['type'])


def dp(pts, tol):
    """Douglas-Peucker on an open polyline; keeps both ends."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = pts[i], pts[j]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, at = -1.0, -1
        for k in range(i + 1, j):
            px, py = pts[k]
            if norm == 0:
                dist = math.hypot(px - x1, py - y1)
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > best:
                best, at = dist, k
        if at >= 0 and best > tol:
            keep[at] = True
            stack.append((i, at))
            stack.append((at, j))
    return [p for p, k in zip(pts, keep) if k]


def area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return s / 2


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else SRC
    out = sys.argv[2] if len(sys.argv) > 2 else OUT
    with open(src, encoding='utf-8') as f:
        fc = json.load(f)

    # Rings in geographic degrees (as written, for exact vertex matching),
    # by region; the ring's closing point dropped.
    regions = {}
    for feat in fc['features']:
        code = feat['properties']['NUTS_ID']
        if feat['properties'].get('LEVL_CODE') != 2 or len(code) != 4:
            raise SystemExit('make-map: %s: not a NUTS 2 region' % code)
        rings = []
        for poly in polygons(feat['geometry']):
            for ring in poly:
                r = [tuple(p) for p in ring]
                if r[0] == r[-1]:
                    r = r[:-1]
                if len(r) >= 3:
                    rings.append(r)
        regions[code] = rings

    # Which regions use each edge: an arc ends where that set changes.
    edge_users = {}
    for code, rings in regions.items():
        for r in rings:
            for a, b in zip(r, r[1:] + r[:1]):
                key = (a, b) if a < b else (b, a)
                edge_users.setdefault(key, set()).add(code)

    def users(a, b):
        return frozenset(edge_users[(a, b) if a < b else (b, a)])

    # Projection: mainland frame in EPSG:3035 metres, insets by their own
    # offset.
    proj = {}

    def project(code, p):
        v = proj.get(p)
        if v is None:
            v = laea(p[0], p[1])
            proj[p] = v
        return v

    simplified = {}

    def simplify_arc(pts, code):
        key = tuple(pts)
        rev = tuple(reversed(pts))
        canon = min(key, rev)
        if canon not in simplified:
            xy = [project(code, p) for p in canon]
            keep = dp(xy, TOLERANCE)
            simplified[canon] = keep
        res = simplified[canon]
        return list(res) if canon == key else list(reversed(res))

    border_arcs = {}
    out_rings = {}
    for code in sorted(regions):
        rings_out = []
        for r in regions[code]:
            n = len(r)
            cuts = [i for i in range(n) if users(r[i - 1], r[i]) != users(r[i], r[(i + 1) % n])]
            if not cuts:
                # A ring with one neighbour (or none) all around: split it at
                # its smallest point and its farthest point, so that both
                # sides cut it alike.
                i0 = min(range(n), key=lambda i: r[i])
                far = max(range(n), key=lambda i: (r[i][0] - r[i0][0]) ** 2 + (r[i][1] - r[i0][1]) ** 2)
                cuts = sorted({i0, far})
            ring_xy = []
            for k, c in enumerate(cuts):
                nxt = cuts[(k + 1) % len(cuts)]
                idx = list(range(c, nxt + 1)) if nxt > c else list(range(c, n)) + list(range(0, nxt + 1))
                arc = [r[i % n] for i in idx]
                s = simplify_arc(arc, code)
                ring_xy.extend(s[:-1])
                who = users(arc[0], arc[1])
                if len(who) == 2:
                    a, b = sorted(who)
                    if a[:2] != b[:2]:
                        border_arcs[min(tuple(arc), tuple(reversed(arc)))] = True
            rings_out.append(ring_xy)
        out_rings[code] = rings_out

    def quant(x, y, dx, dy):
        return (int(round((x + dx) / UNIT)), int(round(-(y + dy) / UNIT)))

    # Frame: the bounding box of the mainland regions.
    main_pts = [p for code, rs in out_rings.items() if code not in INSETS for r in rs for p in r]
    minx = min(p[0] for p in main_pts)
    maxx = max(p[0] for p in main_pts)
    miny = min(p[1] for p in main_pts)
    maxy = max(p[1] for p in main_pts)
    offsets = {}
    # Offsets in metres: mainland to (MARGIN + inset column, MARGIN) from
    # the top-left corner.
    # The insets: a box each, as large as the region (plus padding), one
    # under the other in a column at the left edge.
    boxes = []
    for code in INSETS:
        # Only the islands near the region's largest (Svalbard without Jan
        # Mayen, which lies 1000 km away): the table still lists the region.
        rs = out_rings.get(code, [])
        if rs:
            big = max(rs, key=lambda r: abs(area(r)))
            gx = sum(p[0] for p in big) / len(big)
            gy = sum(p[1] for p in big) / len(big)
            out_rings[code] = [r for r in rs if math.hypot(sum(p[0] for p in r) / len(r) - gx,
                                                          sum(p[1] for p in r) / len(r) - gy) <= INSET_REACH]
        pts = [p for r in out_rings.get(code, []) for p in r]
        if not pts:
            raise SystemExit('make-map: inset region %s has no geometry' % code)
        bx0, bx1 = min(p[0] for p in pts), max(p[0] for p in pts)
        by0, by1 = min(p[1] for p in pts), max(p[1] for p in pts)
        side = int(math.ceil(max(bx1 - bx0, by1 - by0) / UNIT)) + 2 * INSET_PAD
        boxes.append((code, side, (bx0 + bx1) / 2, (by0 + by1) / 2))
    col = max(b[1] for b in boxes) + 2 * MARGIN
    base_dx = -minx + (col + MARGIN) * UNIT
    base_dy = -maxy - MARGIN * UNIT
    frames = []
    top = MARGIN
    for code, side, cx, cy in boxes:
        left = MARGIN + (col - 2 * MARGIN - side) // 2
        ox = (left + side / 2) * UNIT - cx
        oy = -(top + side / 2) * UNIT - cy
        offsets[code] = (ox, oy)
        frames.append((left, top, side))
        top += side + MARGIN
    width = int(math.ceil((maxx - minx) / UNIT)) + col + 2 * MARGIN
    height = max(int(math.ceil((maxy - miny) / UNIT)) + 2 * MARGIN, top)

    def path(rings, dx, dy):
        parts = []
        for r in rings:
            q = []
            for x, y in r:
                p = quant(x, y, dx, dy)
                if not q or q[-1] != p:
                    q.append(p)
            while len(q) > 1 and q[-1] == q[0]:
                q.pop()
            if len(q) < 3:
                continue
            s = 'M%d %d' % q[0]
            rel = []
            for (x0, y0), (x1, y1) in zip(q, q[1:]):
                rel.append('%d %d' % (x1 - x0, y1 - y0))
            s += 'l' + ' '.join(rel) + 'z'
            parts.append(s.replace(' -', '-'))
        return ''.join(parts)

    lines = []
    for code in sorted(out_rings):
        dx, dy = offsets.get(code, (base_dx, base_dy))
        rings = out_rings[code]
        big = [r for r in rings if abs(area(r)) >= MIN_RING]
        if not big:
            big = [max(rings, key=lambda r: abs(area(r)))]
        d = path(big, dx, dy)
        if not d:
            # Too small for the map's unit: its largest ring, unsimplified.
            d = path([max(rings, key=lambda r: abs(area(r)))], dx, dy)
        if not d:
            # Smaller than a unit (Ceuta, Melilla): a square of MARKER units
            # at its centre, so that it can still be seen and followed.
            pts = [p for r in rings for p in r]
            cx, cy = quant(sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts), dx, dy)
            h = MARKER // 2
            d = 'M%d %dh%dv%dh%dz' % (cx - h, cy - h, MARKER, MARKER, -MARKER)
        lines.append('region %s %s' % (code, d))

    # Country borders: the arcs between regions of two countries, as open
    # lines.
    bparts = []
    for arc in sorted(border_arcs):
        s = simplified[arc]
        q = []
        for x, y in s:
            p = quant(x, y, base_dx, base_dy)
            if not q or q[-1] != p:
                q.append(p)
        if len(q) < 2:
            continue
        seg = 'M%d %d' % q[0] + 'l' + ' '.join('%d %d' % (b[0] - a[0], b[1] - a[1]) for a, b in zip(q, q[1:]))
        bparts.append(seg.replace(' -', '-'))
    frame_d = ''.join('M%d %dh%dv%dh%dz' % (x, y, w, w, -w) for x, y, w in frames)

    head = [
        '# s3pm map of Europe by NUTS 2 region (NUTS 2021), made by scripts/make-map.py',
        '# from GISCO NUTS_RG_60M_2021_4326_LEVL_2 (nuts-2021-60M-2.json): Lambert azimuthal',
        '# equal-area 52N 10E (EPSG:3035), %d m a unit, Douglas-Peucker %d m, y down.' % (UNIT, TOLERANCE),
        '# Insets (top to bottom at the left edge): ' + ' '.join(INSETS) + '.',
        '# (C) EuroGeographics for the administrative boundaries. Source: Eurostat/GISCO.',
        'map 1 %d %d' % (width, height),
    ]
    text = '\n'.join(head + lines + ['borders ' + ''.join(bparts), 'insets ' + frame_d]) + '\n'
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    print('make-map: %d regions, %d bytes, viewBox 0 0 %d %d -> %s' % (len(lines), len(text), width, height, out))


if __name__ == '__main__':
    main()

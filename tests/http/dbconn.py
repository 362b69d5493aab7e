"""dbconn.py - the tests' own look at a database, whichever the backend:
a file path is SQLite (sqlite3), a postgresql:// URL is PostgreSQL
(psycopg2, Debian's python3-psycopg2). query() takes '?' placeholders for
both; tables() lists the tables."""
import sqlite3


def is_pg(db):
    return db.startswith("postgresql://") or db.startswith("postgres://")


def connect(db, readonly=False):
    if is_pg(db):
        import psycopg2
        con = psycopg2.connect(db)
        con.autocommit = True
        return con
    if readonly:
        return sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    return sqlite3.connect(db, timeout=10)


def query(con, sql, params=()):
    """The rows of sql (a list of tuples), or [] for a statement without."""
    if isinstance(con, sqlite3.Connection):
        cur = con.execute(sql, params)
        rows = cur.fetchall()
        con.commit()
        return rows
    cur = con.cursor()
    cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
    rows = cur.fetchall() if cur.description is not None else []
    cur.close()
    return rows


def rowcount(con, sql, params=()):
    """The number of rows a statement changed."""
    if isinstance(con, sqlite3.Connection):
        n = con.execute(sql, params).rowcount
        con.commit()
        return n
    cur = con.cursor()
    cur.execute(sql.replace("%", "%%").replace("?", "%s"), params)
    n = cur.rowcount
    cur.close()
    return n


def tables(con):
    if isinstance(con, sqlite3.Connection):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    else:
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
               " AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [r[0] for r in query(con, sql)]


def one(db, sql, params=()):
    """The first column of the first row of sql on db."""
    con = connect(db)
    try:
        rows = query(con, sql, params)
        return rows[0][0] if rows else None
    finally:
        con.close()

"""Feeds: RSS, Atom and JSON Feed subscriptions, OPML, refresh. No Qt, no widgets.

Workers (``refresh.fetch_feed``) only fetch and parse; everything that writes
SQLite takes a connection and runs in the thread that owns it.
"""

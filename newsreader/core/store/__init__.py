"""SQLite storage: connections, schema and migrations, article queries."""

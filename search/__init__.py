"""Search: the backend interface, the query language and the backends."""

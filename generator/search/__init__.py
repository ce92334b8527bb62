"""Site search: one analyzer for the index and the search box, a prebuilt lunr index, offline queries."""

"""Site search: one analyzer for index and search box, a prebuilt lunr index, offline queries."""

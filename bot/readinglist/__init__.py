"""Reading lists: the shipped list, its schema, importers and metadata lookup."""

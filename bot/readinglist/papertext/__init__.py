"""A paper's own text (arXiv HTML or PDF), reduced to sections and tables, and what a reader
would argue about in it: contributions, limitations, the main result, baselines, datasets."""

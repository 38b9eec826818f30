"""The Markdown reader's parts: inline pieces, the words of titles and labels, one line's
papers, the entries built from them and the reader that walks the document (see md_list.py)."""

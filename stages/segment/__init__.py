"""Segmentation: stories on a page (articles.py) and sentences in a text (sentences.py)."""
from stages.segment.articles import split_page
from stages.segment.sentences import split_sentences

__all__ = ["split_page", "split_sentences"]

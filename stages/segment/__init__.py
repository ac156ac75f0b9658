"""Segmentation: stories on a page (articles.py) and sentences in a text (sentences.py)."""
from stages.native import extend

extend(__path__, __name__)  # before the imports below: the compiled build of the hot modules, while it matches these sources

from stages.segment.articles import split_page  # noqa: E402
from stages.segment.sentences import split_sentences  # noqa: E402

__all__ = ["split_page", "split_sentences"]

"""The pipeline's stages: plain functions over strings and polars frames, no Prefect."""
from stages.native import extend

extend(__path__, __name__)  # the compiled build of the hot modules, while it matches these sources

from stages.native import extend

extend(__path__, __name__)  # the compiled build of the hot modules, while it matches these sources

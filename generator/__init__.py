"""helpgen: raw support tickets and FAQ pages in, a Chinese help site out.

Library use::

    from generator.config import load_config
    from generator.pipeline import run
    result = run(["data/raw"], "docs_src", load_config("site_config"))
"""

__version__ = "0.1.0"

"""Make a benchmark measure this checkout, not an installed copy.

Importing this module (it sits beside the scripts, so ``import _checkout`` finds it)
puts the checkout's root first on ``sys.path``; :func:`use_this_checkouts_corpora`
also reads the labels of this checkout's ``corpora/`` (an editable install maps
``ogi_nlp.corpora`` to the checkout it was installed from, which may be another).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def use_this_checkouts_corpora() -> None:
    """Map ``ogi_nlp.corpora`` to this checkout's ``corpora/`` before anything imports it."""
    folder = ROOT / "corpora"
    if "ogi_nlp.corpora" in sys.modules or not (folder / "__init__.py").is_file():
        return
    spec = importlib.util.spec_from_file_location("ogi_nlp.corpora", folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["ogi_nlp.corpora"] = module
    spec.loader.exec_module(module)


def compile_bytecode() -> None:
    """Write this checkout's bytecode (``__pycache__``), as installing a package does.

    jieba, pandas and every other installed dependency come with theirs; an editable
    install writes the package's on first import, unless ``PYTHONDONTWRITEBYTECODE``
    is set (it is on some shared machines), when every build would compile the
    package from source again (about 0.2 CPU-s a process) and be measured so.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "ogi_nlp"), quiet=1)


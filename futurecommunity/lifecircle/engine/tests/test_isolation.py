import subprocess
import sys


def test_engine_imports_without_django() -> None:
    # The engine must stay reusable outside Django: importing all of it loads no Django.
    code = (
        "import sys\n"
        "import futurecommunity.lifecircle.engine\n"
        "import futurecommunity.lifecircle.engine.readers\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

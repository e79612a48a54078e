"""The module installs offline into a virtual environment that uses Debian's packages (README, docs/python.md):
`pip install --no-build-isolation ./python` packs the extension the project's CMake built."""
import os
import shutil
import subprocess

import pytest

from conftest import SOURCE

BUILD = os.environ.get("ECOBARRIER_BUILD_DIR", os.path.join(SOURCE, "build"))


@pytest.mark.skipif(not os.path.exists("/usr/bin/python3"), reason="needs Debian's python3")
def test_pip_install_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    # A copy of the package's sources, so that pip's build folders stay out of the source tree.
    source = tmp_path / "python"
    shutil.copytree(os.path.join(SOURCE, "python"), source, ignore=shutil.ignore_patterns("build", "*.egg-info",
                                                                                       "__pycache__"))
    env = dict(os.environ, ECOBARRIER_BUILD_DIR=BUILD, PIP_NO_INDEX="1")
    env.pop("PYTHONPATH", None)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-build-isolation", str(source)], check=True,
                   env=env, cwd=tmp_path)
    p = subprocess.run([str(venv / "bin" / "python"), "-c",
                        "import ecobarrier as eb; print(eb.__file__); print(eb.aqi(pm25=[76.0], standard='2012')"
                        "['aqi'].iloc[0])"], check=True, env=env, cwd=tmp_path, capture_output=True, text=True)
    installed, aqi = p.stdout.split()
    assert installed.startswith(str(venv)) and aqi == "102"

"""Packs the extension ecobarrier._core that the project's CMake built with the package's Python files (pyproject.toml
says why). Nothing is compiled here: a wheel of a fresh build needs no compiler, network or build isolation."""
import glob
import os
import shutil

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def built_extension():
    build = os.environ.get("ECOBARRIER_BUILD_DIR", os.path.join(HERE, "..", "build"))
    found = glob.glob(os.path.join(build, "python", "ecobarrier", "_core*.so"))
    if not found:
        raise SystemExit(f"ecobarrier: no built extension in {build}/python/ecobarrier; build it first "
                         "(cmake --build build --target eb_python_core) or set ECOBARRIER_BUILD_DIR")
    return found[0]


class BuildWithExtension(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "ecobarrier")
        os.makedirs(target, exist_ok=True)
        shutil.copy2(built_extension(), target)


class PlatformDistribution(Distribution):
    """A wheel for this platform and interpreter (it holds a compiled extension)."""

    def has_ext_modules(self):
        return True


setup(packages=["ecobarrier"], package_data={"ecobarrier": ["*.pyi", "py.typed"]},
      cmdclass={"build_py": BuildWithExtension}, distclass=PlatformDistribution)

"""The layer check itself: it must see an upward include, an I/O header below io, and a face including the CLI."""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_layers  # noqa: E402


class CheckLayers(unittest.TestCase):
    def tree(self, files):
        root = pathlib.Path(tempfile.mkdtemp()) / "src"
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        return root

    def test_downward_includes_pass(self):
        src = self.tree({"core/a.hpp": "#include <vector>\n",
                         "engine/b.cpp": '#include "core/a.hpp"\n#include "b.hpp"\n', "engine/b.hpp": "",
                         "app/cli/c.cpp": '#include "app/serve/d.hpp"\n#include "app/runs/r.hpp"\n',
                         "app/serve/d.hpp": "", "app/runs/r.hpp": '#include "app/table/t.hpp"\n',
                         "app/table/t.hpp": ""})
        self.assertEqual(check_layers.check(src), [])

    def test_upward_includes_fail(self):
        src = self.tree({"engine/b.cpp": '#include "store/s.hpp"\n', "store/s.hpp": "",
                         "app/serve/api.cpp": '#include <map>\n\n#include "app/cli/context.hpp"\n',
                         "app/cli/context.hpp": "", "app/report/x.cpp": '  #  include "app/cli/context.hpp"\n',
                         "app/runs/r.cpp": '#include "app/report/y.hpp"\n', "app/report/y.hpp": ""})
        problems = check_layers.check(src)
        self.assertEqual(len(problems), 4, problems)
        self.assertIn("src/app/serve/api.cpp:3", problems[2] + problems[1] + problems[0] + problems[3])

    def test_io_below_io_fails(self):
        src = self.tree({"standards/a.cpp": "#include <fstream>\n", "engine/b.cpp": "#include <gdal_priv.h>\n",
                         "io/c.cpp": "#include <gdal_priv.h>\n#include <fstream>\n"})
        problems = check_layers.check(src)
        self.assertEqual(len(problems), 2, problems)

    def test_relative_include_resolves_to_its_layer(self):
        src = self.tree({"engine/b.cpp": '#include "../store/s.hpp"\n', "store/s.hpp": ""})
        self.assertEqual(len(check_layers.check(src)), 1)


if __name__ == "__main__":
    unittest.main()

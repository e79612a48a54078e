#include <gtest/gtest.h>

#include "store/layer_styles.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::store {
namespace {

std::int64_t count(Database& db, const std::string& where) {
  return db.query_int("SELECT count(*) FROM layer_styles WHERE " + where).value_or(-1);
}

TEST(LayerStyles, ANewWorkspaceHasTwoStylesPerLayerChineseByDefault) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const auto layers = styled_layers();
  EXPECT_EQ(count(ws.db(), "owner = 'ecobarrier'"), static_cast<std::int64_t>(2 * layers.size()));
  for (const std::string& layer : layers) {
    EXPECT_EQ(count(ws.db(), "f_table_name = '" + layer + "' AND useAsDefault"), 1) << layer;
    EXPECT_EQ(
        ws.db().query_text("SELECT styleName FROM layer_styles WHERE f_table_name = '" + layer + "' AND useAsDefault"),
        kStyleNameZh);
    EXPECT_TRUE(ws.db().table_exists(layer)) << layer;
  }
  EXPECT_EQ(ws.db().query_text("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"), "attributes");
}

TEST(LayerStyles, RewritingIsIdempotentAndKeepsAUsersDefault) {
  test::TempPath p("ws.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const auto before = count(ws.db(), "1 = 1");
  write_layer_styles(ws.db());
  EXPECT_EQ(count(ws.db(), "1 = 1"), before);
  // A user saves their own default for stations in QGIS: ecobarrier's rewrite leaves it the default.
  ws.db().exec("UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = 'station'");
  ws.db().exec(
      "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
      "styleQML, useAsDefault, owner) VALUES ('', '', 'station', 'geom', 'mine', '<qgis/>', 1, 'someone')");
  write_layer_styles(ws.db());
  EXPECT_EQ(count(ws.db(), "1 = 1"), before + 1);
  EXPECT_EQ(ws.db().query_text("SELECT styleName FROM layer_styles WHERE f_table_name = 'station' AND useAsDefault"),
            "mine");
  EXPECT_EQ(count(ws.db(), "f_table_name = 'station' AND useAsDefault"), 1);
}

}  // namespace
}  // namespace eb::store

#include "app/cli/cli.hpp"

int main(int argc, char** argv) { return eb::app::run_cli(argc, argv); }

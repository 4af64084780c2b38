// orderd: flags -> configuration -> run. See docs/ORDERD.md.
#include "orderd/app.h"
#include "orderd/config.h"

int main(int argc, char** argv) {
  auto parsed = stackplan::orderd::parse_command_line(argc, argv);
  if (parsed.exit_code) return *parsed.exit_code;
  return stackplan::orderd::run(parsed.config);
}

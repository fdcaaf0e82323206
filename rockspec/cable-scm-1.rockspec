-- LuaRocks package of cable: the Lua library, its grammars and code tables,
-- the C accelerator (cable.core) and the command line, built by the Makefile.
rockspec_format = "3.0"
package = "cable"
version = "scm-1"
source = {
  url = "git+file:///dev/null",
}
description = {
  summary = "Diplomatic cables (AAD/PlusD, Cablegate, ACP-127) as structured records",
  detailed = [[
cable parses declassified US diplomatic telegrams into clean, normalised
records. Field rules are LPeg grammars that users extend without compiling;
a small C core accelerates the line scanner, and a pure Lua + LPeg scanner
gives identical results where C modules cannot be loaded (static pandoc).]],
  license = "MIT",
}
dependencies = {
  "lua >= 5.3",
  "lpeg >= 1.0",
}
build = {
  type = "make",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LIBFLAG = "$(LIBFLAG)",
    LUA_INCDIR = "$(LUA_INCDIR)",
    LUA_VERSION = "$(LUA_VERSION)",
  },
  install_variables = {
    PREFIX = "$(PREFIX)",
    LUADIR = "$(LUADIR)",
    LIBDIR = "$(LIBDIR)",
    BINDIR = "$(BINDIR)",
    LUA_VERSION = "$(LUA_VERSION)",
  },
  install_pass = true,
}

/*
 * core.c - the Lua binding of the scanner: module cable.core.
 *
 *   core.scan(text) -> t
 *     t.n            number of lines
 *     t[3i-2]        1-based offset of the first byte of line i
 *     t[3i-1]        1-based offset just past its last content byte
 *     t[3i]          its class (core.classes maps names to numbers)
 *     t.text_first, t.text_last, t.attr_first, t.attr_last  (line indices)
 *
 * One table per cable, offsets only: Lua makes the strings it needs.
 * Built against the headers of one Lua ABI; never linked against liblua.
 */
#include <limits.h>

#include <lua.h>
#include <lauxlib.h>

#include "scan.h"

struct fill {
  lua_State *L;
  lua_Integer slot;
};

static int push_line(const struct cable_line *line, void *ud) {
  struct fill *f = ud;
  lua_State *L = f->L;
  lua_pushinteger(L, (lua_Integer)line->start + 1);
  lua_rawseti(L, -2, ++f->slot);
  lua_pushinteger(L, (lua_Integer)line->stop + 1);
  lua_rawseti(L, -2, ++f->slot);
  lua_pushinteger(L, line->cls);
  lua_rawseti(L, -2, ++f->slot);
  return 0;
}

static void set_index(lua_State *L, const char *name, size_t value) {
  lua_pushinteger(L, (lua_Integer)value);
  lua_setfield(L, -2, name);
}

static int core_scan(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  size_t lines = cable_count_lines(text, len);
  struct cable_regions regions;
  struct fill f;
  if (lines > (size_t)(INT_MAX / 3)) return luaL_error(L, "cable.core.scan: text has too many lines");
  lua_createtable(L, (int)(lines * 3), 5);
  f.L = L;
  f.slot = 0;
  cable_scan(text, len, push_line, &f, &regions);
  set_index(L, "n", regions.lines);
  set_index(L, "text_first", regions.text_first);
  set_index(L, "text_last", regions.text_last);
  if (regions.attr_first) {
    set_index(L, "attr_first", regions.attr_first);
    set_index(L, "attr_last", regions.attr_last);
  }
  return 1;
}

static void push_classes(lua_State *L) {
  static const struct { const char *name; int value; } classes[] = {
    { "text", CABLE_TEXT }, { "blank", CABLE_BLANK }, { "page", CABLE_PAGE },
    { "banner", CABLE_BANNER }, { "para", CABLE_PARA }, { "end", CABLE_END },
    { "mark", CABLE_MARK }, { "attr", CABLE_ATTR }, { "attr_cont", CABLE_ATTR_CONT },
  };
  lua_createtable(L, 0, (int)(sizeof classes / sizeof classes[0]));
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    lua_pushinteger(L, classes[i].value);
    lua_setfield(L, -2, classes[i].name);
  }
}

int luaopen_cable_core(lua_State *L);

int luaopen_cable_core(lua_State *L) {
  static const luaL_Reg functions[] = {
    { "scan", core_scan },
    { NULL, NULL }
  };
  luaL_newlib(L, functions);
  push_classes(L);
  lua_setfield(L, -2, "classes");
  lua_pushliteral(L, "c");
  lua_setfield(L, -2, "backend");
  return 1;
}

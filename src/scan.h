/*
 * scan.h - the format-independent line scanner of cable, free of Lua.
 *
 * A cable is cut into lines (LF or CRLF; the CR before LF is not content) and
 * each line gets one class. The rules are documented in docs/scanner.md and
 * mirrored exactly by the pure Lua + LPeg scanner in lua/cable/scan.lua.
 */
#ifndef CABLE_SCAN_H
#define CABLE_SCAN_H

#include <stddef.h>

/* Line classes; the numbers are part of the interface shared with Lua. */
enum cable_class {
  CABLE_TEXT = 1,      /* anything else */
  CABLE_BLANK = 2,     /* only blanks */
  CABLE_PAGE = 3,      /* page header: PAGE 02 LIMA 00921 312337Z */
  CABLE_BANNER = 4,    /* a classification level alone on its line */
  CABLE_PARA = 5,      /* numbered paragraph start: 1. / 2.A. / 2D. / (para sign)3. */
  CABLE_END = 6,       /* end marker NNN or NNNN */
  CABLE_MARK = 7,      /* "Message Text" or the first "Message Attributes" */
  CABLE_ATTR = 8,      /* "Key: value" line after the attributes marker */
  CABLE_ATTR_CONT = 9  /* any other non-blank line after the attributes marker */
};

/* One scanned line: bytes [start, stop) of the text (0-based) and its class. */
struct cable_line {
  size_t start;
  size_t stop;
  int cls;
};

/* Called once per line, in order; a non-zero return stops the scan. */
typedef int (*cable_line_fn)(const struct cable_line *line, void *ud);

/* Where the message text and the attribute block lie, as 1-based line
 * indices; attr_first is 0 when the text has no attribute block. */
struct cable_regions {
  size_t lines;
  size_t text_first, text_last;
  size_t attr_first, attr_last;
};

/* Number of lines cable_scan will report for len bytes of text. */
size_t cable_count_lines(const char *text, size_t len);

/* Scan len bytes (NUL bytes allowed); fills *regions. Returns the callback's
 * non-zero value if it stopped the scan, else 0. */
int cable_scan(const char *text, size_t len, cable_line_fn fn, void *ud,
               struct cable_regions *regions);

#endif

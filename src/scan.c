/*
 * scan.c - cuts a cable into lines and classifies each one (see scan.h and
 * docs/scanner.md). Pure C, no allocation, linear in the length of the text.
 */
#include "scan.h"

#include <string.h>

#define KEY_MAX_TAIL 39  /* an attribute name is 1 + at most 39 characters */

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_alpha(unsigned char c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }

static int is_key_char(unsigned char c) {
  return is_alpha(c) || is_digit(c) || c == ' ' || c == '.' || c == '/' ||
         c == '_' || c == '(' || c == ')' || c == '-';
}

/* Does [p, e) hold exactly the NUL-terminated word w? */
static int equals(const unsigned char *p, const unsigned char *e, const char *w) {
  size_t n = strlen(w);
  return (size_t)(e - p) == n && memcmp(p, w, n) == 0;
}

static int is_banner(const unsigned char *p, const unsigned char *e) {
  static const char *const levels[] = {
    "UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE", "CONFIDENTIAL",
    "SECRET", "TOP SECRET", NULL
  };
  for (size_t i = 0; levels[i]; i++)
    if (equals(p, e, levels[i])) return 1;
  return 0;
}

/* PAGE, one or more blanks, one to three digits, then a blank or the end. */
static int is_page(const unsigned char *p, const unsigned char *e) {
  if (e - p < 4 || memcmp(p, "PAGE", 4) != 0) return 0;
  p += 4;
  if (p == e || !is_blank(*p)) return 0;
  while (p < e && is_blank(*p)) p++;
  if (p == e || !is_digit(*p)) return 0;
  p++;
  for (int i = 0; i < 2 && p < e && is_digit(*p); i++) p++;
  return p == e || is_blank(*p);
}

/* Skips an optional paragraph sign: UTF-8 U+00B6, Latin-1 0xB6, or U+FFFD. */
static const unsigned char *skip_para_sign(const unsigned char *p, const unsigned char *e) {
  if (e - p >= 2 && p[0] == 0xC2 && p[1] == 0xB6) return p + 2;
  if (e - p >= 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD) return p + 3;
  if (p < e && p[0] == 0xB6) return p + 1;
  return p;
}

static int is_close(unsigned char c) { return c == '.' || c == ')'; }

/* 1. / 12) / 2D. / 2.A. / 2.A.(1) at the start of the trimmed line. */
static int is_para(const unsigned char *p, const unsigned char *e) {
  p = skip_para_sign(p, e);
  while (p < e && is_blank(*p)) p++;
  if (p == e || !is_digit(*p)) return 0;
  p++;
  if (p < e && is_digit(*p)) p++;
  if (p < e && is_close(*p)) p++;
  else if (e - p >= 2 && is_upper(p[0]) && is_close(p[1])) p += 2;
  else return 0;
  for (;;) {  /* further levels: A. / 1) / AB. */
    const unsigned char *q = p;
    if (q < e && (is_upper(*q) || is_digit(*q))) q++; else break;
    if (q < e && (is_upper(*q) || is_digit(*q))) q++;
    if (q < e && is_close(*q)) p = q + 1; else break;
  }
  return p == e || is_blank(*p) || *p == '(';
}

/* Name: value -- a letter, up to 39 name characters, a colon, then a blank or the end. */
static int is_attribute(const unsigned char *p, const unsigned char *e) {
  if (p == e || !is_alpha(*p)) return 0;
  p++;
  for (int i = 0; i < KEY_MAX_TAIL && p < e && is_key_char(*p); i++) p++;
  if (p == e || *p != ':') return 0;
  p++;
  return p == e || is_blank(*p);
}

static int classify(const unsigned char *s, const unsigned char *e, int in_attributes,
                    int *opens_attributes) {
  const unsigned char *p = s, *q = e;
  while (p < q && is_blank(*p)) p++;
  while (q > p && is_blank(q[-1])) q--;
  *opens_attributes = 0;
  if (p == q) return CABLE_BLANK;
  if (in_attributes) return is_attribute(s, e) ? CABLE_ATTR : CABLE_ATTR_CONT;
  if (equals(p, q, "Message Text")) return CABLE_MARK;
  if (equals(p, q, "Message Attributes")) {
    *opens_attributes = 1;
    return CABLE_MARK;
  }
  if (is_page(p, q)) return CABLE_PAGE;
  if (is_banner(p, q)) return CABLE_BANNER;
  if (equals(p, q, "NNN") || equals(p, q, "NNNN")) return CABLE_END;
  if (is_para(p, q)) return CABLE_PARA;
  return CABLE_TEXT;
}

size_t cable_count_lines(const char *text, size_t len) {
  size_t n = 0;
  const char *p = text, *end = text + len, *nl;
  while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
    n++;
    p = nl + 1;
  }
  return n + (p < end ? 1 : 0);
}

int cable_scan(const char *text, size_t len, cable_line_fn fn, void *ud,
               struct cable_regions *regions) {
  const unsigned char *base = (const unsigned char *)text;
  const unsigned char *p = base, *end = base + len;
  size_t index = 0, text_mark = 0, attr_mark = 0;
  int in_attributes = 0;

  while (p < end) {
    const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
    const unsigned char *stop = nl ? nl : end;
    const unsigned char *next = nl ? nl + 1 : end;
    struct cable_line line;
    int opens, rc;
    if (nl && stop > p && stop[-1] == '\r') stop--;
    index++;
    line.start = (size_t)(p - base);
    line.stop = (size_t)(stop - base);
    line.cls = classify(p, stop, in_attributes, &opens);
    if (line.cls == CABLE_MARK && !opens && !text_mark) text_mark = index;
    if (opens) {
      in_attributes = 1;
      attr_mark = index;
    }
    if ((rc = fn(&line, ud)) != 0) return rc;
    p = next;
  }
  regions->lines = index;
  regions->text_first = text_mark ? text_mark + 1 : 1;
  regions->text_last = attr_mark ? attr_mark - 1 : index;
  regions->attr_first = attr_mark ? attr_mark + 1 : 0;
  regions->attr_last = attr_mark ? index : 0;
  return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Line prefixes.  The known ones (console level, dmesg's timestamps,
 * dmesg -x, syslog and journal headers, printk caller ids, the header of
 * a /dev/kmsg record saved to a file) are stripped
 * directly; any other is learned from the event's first line, where it
 * is whatever precedes the task name, and stripped by its shape from the
 * lines that follow.  The event's time is taken from the same prefix.
 */
#include <string.h>
#include <strings.h>

#include "parse.h"

/* ---------- known prefixes ---------- */

static int is_month(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (!strncmp(s, months + 3 * i, 3))
			return 1;
	return 0;
}

/* "[Sun Aug 11 20:21:28 2024]" */
static int dmesg_t(const char *s)
{
	int i;

	for (i = 1; i <= 24; i++)
		if (!s[i])
			return 0;
	return s[25] == ']' && is_alpha(s[1]) && s[4] == ' ' && is_month(s + 5) &&
	       s[8] == ' ' && s[14] == ':' && s[17] == ':' && s[20] == ' ' &&
	       is_digit(s[21]) && is_digit(s[24]);
}

/*
 * A /dev/kmsg record as read from the device and saved, "PRI,SEQ,USEC,
 * FLAGS;text" (more fields, such as caller=T123, may follow FLAGS): the
 * text, or NULL if s is no record.
 */
static const char *kmsg_text(const char *s)
{
	const char *q = s;
	int f;

	for (f = 0; f < 3; f++) {
		if (!is_digit(*q))
			return NULL;
		while (is_digit(*q))
			q++;
		if (*q++ != ',')
			return NULL;
	}
	while (*q && *q != ';' && *q != ' ' && q - s < PFX_MAX)
		q++;
	return *q == ';' ? q + 1 : NULL;
}

/*
 * A record's dictionary, " KEY=value" lines after its text
 * (" SUBSYSTEM=pci", " DEVICE=+pci:0000:00:01.0"): part of the record
 * before it, nothing of the report's.
 */
int kmsg_dict_line(const char *s)
{
	const char *q = s + 1;

	if (s[0] != ' ' || !(is_alpha(*q) || *q == '_'))
		return 0;
	while (is_alpha(*q) || is_digit(*q) || *q == '_')
		q++;
	return *q == '=';
}

/* Past the "]" at q and one space after it; s if q is not at a "]". */
static const char *past_bracket(const char *q, const char *s)
{
	if (*q != ']')
		return s;
	return q[1] == ' ' ? q + 2 : q + 1;
}

/* Strip level, timestamps and syslog header; NULL if not a kernel line. */
static const char *strip_prefix(const char *s)
{
	const char *q = kmsg_text(s);

	if (q)
		return q;
	if (s[0] == '<' && is_digit(s[1])) {
		q = s + 1;
		while (is_digit(*q) && q - s < 5)
			q++;
		if (*q == '>')
			s = q + 1;
	}
	/* dmesg -x: "kern  :warn  : " */
	if (starts(s, "kern") && s[4] == ' ') {
		q = s + 4;
		while (*q == ' ')
			q++;
		if (*q == ':') {
			q++;
			while (is_alpha(*q))
				q++;
			while (*q == ' ')
				q++;
			if (q[0] == ':' && q[1] == ' ')
				s = q + 2;
		}
	}
	/* "Aug 11 20:21:28 host kernel: " or ISO 8601 "2024-08-11T..." */
	if ((is_month(s) && s[3] == ' ') ||
	    (is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
	     is_digit(s[3]) && s[4] == '-' && is_digit(s[5]) &&
	     is_digit(s[6]) && s[7] == '-' && is_digit(s[8]) &&
	     is_digit(s[9]) && s[10] == 'T')) {
		const char *k = strstr(s, " kernel: ");

		/* dmesg --time-format=iso: "2024-08-11T20:21:28,123456+00:00 " */
		if (s[10] == 'T' && s[19] == ',' && (!k || k - s > 160)) {
			q = strchr(s, ' ');
			return q ? q + 1 : s + strlen(s);
		}
		if (!k || k - s > 160) {
			size_t n = strlen(s);

			/* "... kernel:" and nothing more: a wrapped line's head */
			if (n >= 8 && n <= 168 && !strcmp(s + n - 8, " kernel:"))
				return s + n;
			return NULL;
		}
		s = k + 9;
	}
	if (s[0] == '[') {
		q = s + 1;
		while (*q == ' ')
			q++;
		if (is_digit(*q)) {
			while (is_digit(*q))
				q++;
			if (*q == '.') {
				q++;
				while (is_digit(*q))
					q++;
				s = past_bracket(q, s);
			}
		} else if (dmesg_t(s)) {
			s = past_bracket(s + 25, s);
		}
		/* printk caller id "[  T123]" */
		if (s[0] == '[') {
			q = s + 1;
			while (*q == ' ')
				q++;
			if ((*q == 'T' || *q == 'C') && is_digit(q[1])) {
				q++;
				while (is_digit(*q))
					q++;
				s = past_bracket(q, s);
			}
		}
		/* journalctl -o short-monotonic: "[ts] host kernel: " */
		q = s;
		while (*q && *q != ' ' && q - s < 64)
			q++;
		if (*q == ' ' && starts(q + 1, "kernel: "))
			s = q + 9;
	}
	return s;
}

/* ---------- learned prefixes ---------- */

static int is_letter(int c)
{
	return is_alpha(c) || (unsigned char)c >= 0x80;
}

/*
 * Does line start with a prefix of the learned shape?  Runs of digits and
 * of letters (any bytes >= 0x80 count as letters, for month names in any
 * language) match runs of any length, runs of spaces match any number of
 * spaces (dmesg pads its seconds), every other byte matches itself.
 */
static const char *shape_match(const char *pat, size_t n, const char *line)
{
	const char *pe = pat + n, *s = line;

	while (pat < pe) {
		if (is_digit(*pat)) {
			while (pat < pe && is_digit(*pat))
				pat++;
			if (!is_digit(*s))
				return NULL;
			while (is_digit(*s))
				s++;
		} else if (is_letter(*pat)) {
			while (pat < pe && is_letter(*pat))
				pat++;
			if (!is_letter(*s))
				return NULL;
			while (is_letter(*s))
				s++;
		} else if (*pat == ' ') {
			while (pat < pe && *pat == ' ')
				pat++;
			while (*s == ' ')
				s++;
		} else {
			if (*s != *pat)
				return NULL;
			s++;
			pat++;
		}
	}
	return s;
}

/*
 * On an event's first line the task name is followed by the needle, and
 * the prefix ends at the last "] " or ": " before the name.
 */
static size_t learned_end(const char *line, const char *at, int kind)
{
	const char *e = at, *q, *best = NULL;

	while (e > line && e[-1] == ' ')
		e--;
	if (kind != OOMX_K_OOM && e > line && e[-1] == ':')
		e--;
	for (q = line; q + 1 < e; q++)
		if ((q[0] == ']' || q[0] == ':') && q[1] == ' ')
			best = q + 2;
	return best ? (size_t)(best - line) : 0;
}

/* The event's time as the log printed it: a [stamp] or a syslog date. */
static void find_stamp(const char *line, size_t plen, const char **st,
		       size_t *n)
{
	const char *s = line, *e = line + plen, *q;

	*st = NULL;
	*n = 0;
	if (kmsg_text(s)) {
		/* the record's header, its USEC the time */
		const char *semi = memchr(s, ';', plen);

		*st = s;
		*n = semi ? (size_t)(semi - s) : plen;
		return;
	}
	if (s[0] == '<' && is_digit(s[1])) {
		q = s + 1;
		while (q < e && is_digit(*q))
			q++;
		if (q < e && *q == '>')
			s = q + 1;
	}
	if (starts(s, "kern ") && (q = strstr(s, ": ")) != NULL &&
	    (q = strstr(q + 2, ": ")) != NULL && q < e)
		s = q + 2;
	if (s < e && *s != '[') {
		/* RFC 3164 "Nov 22 03:45:35", ISO 8601, or any date: to the
		 * end of the last token holding a colon before the host */
		const char *t = s, *last = NULL;

		while (t < e && *t != '[') {
			const char *w = t;

			while (t < e && *t != ' ')
				t++;
			if (memchr(w, ':', (size_t)(t - w)) && t - w > 3 &&
			    (t - w < 2 || t[-1] != ':'))
				last = t;
			else if (last)
				break;
			while (t < e && *t == ' ')
				t++;
		}
		if (last) {
			*st = s;
			*n = (size_t)(last - s);
			return;
		}
	}
	q = memchr(s, '[', (size_t)(e - s));
	if (q) {
		const char *r = memchr(q, ']', (size_t)(e - q));

		if (r) {
			*st = q;
			*n = (size_t)(r - q + 1);
		}
	}
}

static int has_digit(const char *s, const char *e)
{
	for (; s < e; s++)
		if (is_digit(*s))
			return 1;
	return 0;
}

/*
 * The seconds of a "[seconds.micro]" stamp or of a /dev/kmsg record's
 * header (its USEC field), or -1 for any other.
 */
double stamp_seconds(const char *s, size_t n)
{
	const char *e = s + n;
	double v = 0, scale = 0.1;
	int digits = 0;

	if (kmsg_text(s)) {
		long long us;
		const char *q = strchr(s, ',');

		q = strchr(q + 1, ',');
		if (!parse_u(q + 1, &us) || us > 999999999999999LL)
			return -1;
		return (double)us / 1e6;
	}
	if (n < 3 || s[0] != '[')
		return -1;
	s++;
	while (s < e && *s == ' ')
		s++;
	while (s < e && is_digit(*s)) {
		v = v * 10 + (*s++ - '0');
		digits++;
	}
	if (!digits || digits > 12 || s >= e || *s != '.')
		return -1;
	s++;
	while (s < e && is_digit(*s)) {
		v += (*s++ - '0') * scale;
		scale /= 10;
	}
	return s < e && *s == ']' ? v : -1;
}

/* ---------- calendar dates of stamps ---------- */

#define DAY		86400LL
#define DATE_TOKENS	8	/* words of a stamp looked at */

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* from min to max digits at s, before e: the end, or NULL */
static const char *digits(const char *s, const char *e, int min, int max,
			  int *v)
{
	int n = 0;

	*v = 0;
	while (s < e && is_digit(*s) && n < max) {
		*v = *v * 10 + (*s++ - '0');
		n++;
	}
	return n >= min && !(s < e && is_digit(*s)) ? s : NULL;
}

/*
 * A month's abbreviation as strftime's %b writes it in the C, de_DE and
 * fr_FR locales (dmesg -T and syslog in those languages): 1-12, or 0.
 */
static int month_of(const char *s, size_t n)
{
	static const char * const names[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
		"Jan", "Feb", "M\xc3\xa4r", "Apr", "Mai", "Jun",
		"Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
		"janv.", "f\xc3\xa9vr.", "mars", "avr.", "mai", "juin",
		"juil.", "ao\xc3\xbbt", "sept.", "oct.", "nov.", "d\xc3\xa9\x63.",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
			return (int)(i % 12) + 1;
	return 0;
}

/* "HH:MM:SS", a fraction of a second after it ignored */
static int clock_of(const char *s, const char *e, long long *secs)
{
	int h, m, sec;

	if (!(s = digits(s, e, 2, 2, &h)) || s >= e || *s++ != ':' ||
	    !(s = digits(s, e, 2, 2, &m)) || s >= e || *s++ != ':' ||
	    !(s = digits(s, e, 2, 2, &sec)))
		return 0;
	if (s < e && (*s == '.' || *s == ','))
		for (s++; s < e && is_digit(*s); s++)
			;
	if (s != e || h > 23 || m > 59 || sec > 60)
		return 0;
	*secs = h * 3600LL + m * 60 + sec;
	return 1;
}

/*
 * ISO 8601 "2024-11-22T03:45:35" (or with a space for the T), a fraction
 * and "Z" or an offset ("+0000", "+00:00") allowed: seconds from 1970,
 * UTC when the offset is given; -1 if s is none.
 */
static long long iso_date(const char *s, const char *e)
{
	const char *t = s + 10, *z;
	long long secs;
	int y, mo, d, oh = 0, om = 0, sign = 0;

	if (e - s < 19 || (*t != 'T' && *t != ' '))
		return -1;
	if (!(s = digits(s, t, 4, 4, &y)) || s >= t || *s++ != '-' ||
	    !(s = digits(s, t, 2, 2, &mo)) || s >= t || *s++ != '-' ||
	    !(s = digits(s, t, 2, 2, &d)) || s != t)
		return -1;
	for (z = t + 1; z < e && *z != 'Z' && *z != '+' && *z != '-'; z++)
		;
	if (!clock_of(t + 1, z, &secs) || y < 1970 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31)
		return -1;
	if (z < e && *z != 'Z') {
		sign = *z == '-' ? -1 : 1;
		/* "+HHMM" or "+HH:MM" */
		if (e - z < 5 || !is_digit(z[1]) || !is_digit(z[2]))
			return -1;
		oh = (z[1] - '0') * 10 + (z[2] - '0');
		z += 3;
		if (*z == ':')
			z++;
		if (!(z = digits(z, e, 2, 2, &om)) || oh > 23 || om > 59)
			return -1;
	} else if (z < e) {
		z++;
	}
	if (z != e)
		return -1;
	return days_from_civil(y, mo, d) * DAY + secs -
	       sign * (oh * 3600LL + om * 60);
}

/*
 * "[Sun Aug 11 20:21:28 2024]" (dmesg -T, also in German or French) or
 * "Nov 22 03:45:35" (RFC 3164 syslog, no year): the month, the day, the
 * clock and perhaps a year, as words.  Seconds from 1970 as printed (the
 * machine's local time), with OOMX_DATE_FULL; without a year, seconds
 * from the start of the year (taken as a leap year), with
 * OOMX_DATE_NO_YEAR; -1 if the words are none of these.
 */
static long long words_date(const char *s, const char *e, int *kind)
{
	const char *w[DATE_TOKENS], *we[DATE_TOKENS];
	long long secs;
	int nw = 0, i, d, y;

	while (s < e && nw < DATE_TOKENS) {
		while (s < e && *s == ' ')
			s++;
		if (s == e)
			break;
		w[nw] = s;
		while (s < e && *s != ' ')
			s++;
		we[nw++] = s;
	}
	for (i = 2; i < nw; i++) {
		int mo = month_of(w[i - 2], (size_t)(we[i - 2] - w[i - 2]));

		if (!mo || !clock_of(w[i], we[i], &secs) ||
		    digits(w[i - 1], we[i - 1], 1, 2, &d) != we[i - 1] || d < 1 || d > 31)
			continue;
		if (i + 1 < nw && digits(w[i + 1], we[i + 1], 4, 4, &y) == we[i + 1] &&
		    y >= 1970) {
			*kind = OOMX_DATE_FULL;
			return days_from_civil(y, mo, d) * DAY + secs;
		}
		*kind = OOMX_DATE_NO_YEAR;
		return (days_from_civil(2000, mo, d) - days_from_civil(2000, 1, 1)) *
		       DAY + secs;
	}
	return -1;
}

/*
 * The calendar date of an event's stamp as printed, for ordering events
 * of several logs: ISO 8601 (journal, rsyslog, dmesg --time-format=iso),
 * dmesg -T, RFC 3164 syslog.  *kind says which (enum in oomx.h);
 * OOMX_UNKNOWN for a stamp of seconds since boot, or any other.
 */
long long stamp_date(const char *s, size_t n, int *kind)
{
	const char *e = s + n;
	long long v;

	*kind = OOMX_DATE_NONE;
	if (n && *s == '[')
		s++;
	if (e > s && e[-1] == ']')
		e--;
	if ((v = iso_date(s, e)) >= 0) {
		*kind = OOMX_DATE_FULL;
		return v;
	}
	v = words_date(s, e, kind);
	return v >= 0 ? v : OOMX_UNKNOWN;
}

/*
 * The n bytes at s are the quote marks of a mail ("| ", "> > "): '|' or
 * '>' and blanks, one mark at least.
 */
static int quote_marks(const char *s, size_t n)
{
	size_t i;
	int marks = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '|' || s[i] == '>')
			marks++;
		else if (s[i] != ' ' && s[i] != '\t')
			return 0;
	}
	return marks > 0;
}

/*
 * An event's first line, with its needle at at: its prefix is learned
 * (kept in p->lpfx when it is not a known one) and the event's stamp
 * found.  Returns the message, or NULL if the line is no kernel line.
 * A learned prefix that quotes the log ("| [    4.708000] ") keeps the
 * length of its quote marks, which the rest of a wrapped line carries
 * without the stamp.
 */
const char *prefix_learn(struct oomx_parser *p, const char *at, int kind)
{
	const char *m, *fast = strip_prefix(p->line);
	size_t le = learned_end(p->line, at, kind);
	size_t fe = fast ? (size_t)(skip_ws(fast) - p->line) : 0;

	p->lpfx_len = 0;
	p->lpfx_quote = 0;
	if (le > fe && le <= PFX_MAX &&
	    has_digit(p->line + fe, p->line + le)) {
		memcpy(p->lpfx, p->line, le);
		p->lpfx[le] = '\0';
		p->lpfx_len = le;
		m = p->line + le;
	} else {
		m = fast;
	}
	if (m)
		find_stamp(p->line, (size_t)(m - p->line), &p->stamp,
			   &p->stamp_len);
	if (p->lpfx_len && p->stamp && p->stamp > p->line &&
	    (size_t)(p->stamp - p->line) < p->lpfx_len &&
	    quote_marks(p->line, (size_t)(p->stamp - p->line)))
		p->lpfx_quote = (size_t)(p->stamp - p->line);
	p->kmsg = kmsg_text(p->line) != NULL;
	return m;
}

/*
 * The message of the line p->line: the event's learned prefix or a known
 * one stripped; NULL if it is no kernel line.  A line that has only the
 * learned prefix's quote marks ("| B present:16384kB ...", the rest of a
 * line the console wrapped, quoted in a mail) is the text after them.
 */
const char *prefix_strip(const struct oomx_parser *p)
{
	const char *m = NULL;

	if (p->lpfx_len) {
		m = shape_match(p->lpfx, p->lpfx_len, p->line);
		if (!m && p->lpfx_quote &&
		    !strncmp(p->line, p->lpfx, p->lpfx_quote))
			return p->line + p->lpfx_quote;
	}
	return m ? m : strip_prefix(p->line);
}

/*
 * The text of p->line if it carries no prefix of its own, nothing or
 * only the learned prefix's quote marks before it: the rest of a line a
 * mail client wrapped; NULL if it has a prefix.
 */
const char *prefix_bare(const struct oomx_parser *p)
{
	const char *s = p->line;

	if (p->lpfx_len && shape_match(p->lpfx, p->lpfx_len, p->line))
		return NULL;
	if (p->lpfx_quote && !strncmp(p->line, p->lpfx, p->lpfx_quote))
		s += p->lpfx_quote;
	return strip_prefix(s) == s ? s : NULL;
}

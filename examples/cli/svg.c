/* frontier --svg FILE: the Pareto frontier as a standalone SVG chart.
 *
 * Buyer utility on x, seller utility on y.  Drawn: the region that meets
 * the reservations and the budget floor (light), the agreement zone under
 * the frontier's step line (darker), the frontier points, the reservation
 * and budget lines, and the opening, counter, best and Nash points, each
 * labelled, with axes, ticks, grid and a legend. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Canvas layout (pixels). */
#define W 980.0
#define H 640.0
#define PL 90.0   /* plot left   */
#define PR 700.0  /* plot right  */
#define PT 70.0   /* plot top    */
#define PB 560.0  /* plot bottom */
#define LX 725.0  /* legend left */

typedef struct chart {
    FILE *out;
    double x0, x1, y0, y1; /* data range */
} chart;

static double sx(const chart *c, double x)
{
    return PL + (x - c->x0) / (c->x1 - c->x0) * (PR - PL);
}

static double sy(const chart *c, double y)
{
    return PB - (y - c->y0) / (c->y1 - c->y0) * (PB - PT);
}

/* Writes s with XML special characters escaped. */
static void esc(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* The vertices of an axis-aligned line as written (to a tenth of a
 * pixel), without repeats and with each straight run's inner vertices
 * left out: a frontier of a million points draws as a few thousand
 * vertices, the same picture. */
typedef struct vertices {
    FILE *out;
    long last[2], pend[2]; /* tenths of a pixel */
    double pendxy[2];      /* the pending vertex, written as given */
    int nlast, npend;      /* 0 or 1 */
    int written;
} vertices;

static void vertex_write(vertices *v)
{
    fprintf(v->out, "%s%.1f,%.1f", v->written++ ? " " : "", v->pendxy[0],
            v->pendxy[1]);
    v->last[0] = v->pend[0];
    v->last[1] = v->pend[1];
    v->nlast = 1;
}

static void vertex(vertices *v, double x, double y)
{
    long p[2] = {(long)rint(x * 10), (long)rint(y * 10)};
    if (v->npend && p[0] == v->pend[0] && p[1] == v->pend[1])
        return;
    int run = v->npend && v->nlast &&
              ((v->last[0] == v->pend[0] && v->pend[0] == p[0]) ||
               (v->last[1] == v->pend[1] && v->pend[1] == p[1]));
    if (v->npend && !run) /* else the run goes on past the pending one */
        vertex_write(v);
    v->pend[0] = p[0];
    v->pend[1] = p[1];
    v->pendxy[0] = x;
    v->pendxy[1] = y;
    v->npend = 1;
}

static void vertices_end(vertices *v)
{
    if (v->npend)
        vertex_write(v);
    v->npend = 0;
}

/* The frontier's staircase (points U_s descending): each point, preceded
 * by the corner it steps down from. */
static void steps(vertices *v, const chart *c, const ww_result *fr, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            vertex(v, sx(c, ww_result_buyer(fr, i - 1)),
                   sy(c, ww_result_seller(fr, i)));
        vertex(v, sx(c, ww_result_buyer(fr, i)),
               sy(c, ww_result_seller(fr, i)));
    }
}

/* Frontier points drawn each with its marker and tooltip; past that, one
 * marker in each MARKER_GAP pixels (a million markers made an SVG of 212
 * MB that no viewer opens). */
#define MARKERS_ALL 2000
#define MARKER_GAP 2.0

/* A dashed limit line. */
static void dashed(FILE *out, double x1, double y1, double x2, double y2,
                   const char *color, const char *dash)
{
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"%s\" stroke-width=\"1.5\" "
                 "stroke-dasharray=\"%s\"/>\n",
            x1, y1, x2, y2, color, dash);
}

/* The rest of an axis title: the party's name, the unit, </text>. */
static void axis_title_end(FILE *out, const char *party, const char *unit)
{
    esc(out, party);
    if (unit) {
        fputs(" (", out);
        esc(out, unit);
        fputs(")", out);
    }
    fputs("</text>\n", out);
}

/* At most two decimals: labels stay short. */
static const char *short_num(double x)
{
    return cli_num(round(x * 100.0) / 100.0);
}

static double nice_step(double range)
{
    double raw = range / 6.0;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/* Labels placed so far, to keep new ones from overlapping. */
typedef struct box {
    double x, y, w, h;
} box;
static box placed[64];
static int nplaced;

static int overlaps(box b)
{
    if (b.x < PL + 2 || b.x + b.w > PR - 2 || b.y < PT + 2 || b.y + b.h > PB - 2)
        return 1;
    for (int i = 0; i < nplaced; i++)
        if (b.x < placed[i].x + placed[i].w && placed[i].x < b.x + b.w &&
            b.y < placed[i].y + placed[i].h && placed[i].y < b.y + b.h)
            return 1;
    return 0;
}

/* A text label near (px, py), at the first free spot of a few. */
static void label(chart *c, double px, double py, const char *text,
                  const char *color)
{
    double w = 7.0 * cli_width(text) + 6, h = 16;
    /* Up and to the right first: the region beyond the frontier is empty,
     * while the step line runs left of and below each point. */
    const double dx[] = {10, 10, -w / 2, 10, -10 - w, -10 - w, -w / 2,
                         -10 - w, 10, -10 - w};
    const double dy[] = {-h - 2, -h / 2, -h - 10, 6, -h - 2, -h / 2, 10, 6,
                         -2 * h - 6, 2 * h - 6};
    box b = {px + dx[0], py + dy[0], w, h};
    for (size_t k = 0; k < sizeof dx / sizeof dx[0]; k++) {
        box t = {px + dx[k], py + dy[k], w, h};
        if (!overlaps(t)) {
            b = t;
            break;
        }
    }
    if (nplaced < 64)
        placed[nplaced++] = b;
    fprintf(c->out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "rx=\"3\" fill=\"white\" fill-opacity=\"0.85\"/>\n",
            b.x, b.y, b.w, b.h);
    fprintf(c->out,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"%s\">",
            b.x + 3, b.y + 12, color);
    esc(c->out, text);
    fputs("</text>\n", c->out);
}

typedef enum shape { SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_DIAMOND, SHAPE_STAR,
                     SHAPE_TRIANGLE } shape;

static void marker(FILE *out, shape s, double x, double y, const char *fill,
                   double r)
{
    switch (s) {
    case SHAPE_CIRCLE:
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" "
                     "stroke=\"white\" stroke-width=\"1\"/>\n", x, y, r, fill);
        break;
    case SHAPE_SQUARE:
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                     "height=\"%.1f\" fill=\"%s\" stroke=\"black\" "
                     "stroke-width=\"0.8\"/>\n",
                x - r, y - r, 2 * r, 2 * r, fill);
        break;
    case SHAPE_DIAMOND:
        fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f "
                     "%.1f,%.1f\" fill=\"%s\" stroke=\"black\" "
                     "stroke-width=\"0.8\"/>\n",
                x, y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y,
                fill);
        break;
    case SHAPE_TRIANGLE:
        fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
                     "fill=\"%s\" stroke=\"black\" stroke-width=\"0.8\"/>\n",
                x, y - r * 1.3, x + r * 1.2, y + r, x - r * 1.2, y + r, fill);
        break;
    case SHAPE_STAR: {
        fputs("<polygon points=\"", out);
        for (int k = 0; k < 10; k++) {
            double a = -M_PI / 2 + k * M_PI / 5, rr = k % 2 ? r * 0.45 : r * 1.3;
            fprintf(out, "%.1f,%.1f ", x + rr * cos(a), y + rr * sin(a));
        }
        fprintf(out, "\" fill=\"%s\" stroke=\"black\" stroke-width=\"0.8\"/>\n",
                fill);
        break;
    }
    }
}

/* A special point: opening, counter, best or Nash. */
typedef struct special {
    const char *name;
    shape shape;
    const char *color;
    int present;
    double b, s;
} special;

static void legend_item(FILE *out, int *row, const char *kind,
                        const char *color, shape s, const char *text)
{
    double y = PT + 22 + 22 * (*row)++;
    if (!strcmp(kind, "marker"))
        marker(out, s, LX + 12, y - 4, color, 5);
    else if (!strcmp(kind, "line"))
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"%s\" stroke-width=\"2\"/>\n",
                LX, y - 4, LX + 24, y - 4, color);
    else if (!strcmp(kind, "dash"))
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"%s\" stroke-width=\"1.5\" "
                     "stroke-dasharray=\"6,4\"/>\n",
                LX, y - 4, LX + 24, y - 4, color);
    else /* area */
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"24\" height=\"12\" "
                     "fill=\"%s\" stroke=\"#7aa67a\" stroke-width=\"0.5\"/>\n",
                LX, y - 10, color);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">", LX + 32, y);
    esc(out, text);
    fputs("</text>\n", out);
}

static void include(double v, double *lo, double *hi)
{
    if (!isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

int svg_write(cli_ctx *ctx, const ww_result *fr, const char *path)
{
    ww_model *m = ctx->model;
    const cli_args *a = ctx->args;
    int n = ww_result_count(fr);
    ww_evaluation ev;

    /* The special points; best and Nash are extra queries (skipped when the
     * library cannot answer them). */
    special sp[4] = {
        {"opening", SHAPE_SQUARE, "#d62728", 0, 0, 0},
        {"counter", SHAPE_DIAMOND, "#ff9f1c", 0, 0, 0},
        {"best", SHAPE_STAR, "#2ca02c", 0, 0, 0},
        {"Nash", SHAPE_TRIANGLE, "#9467bd", 0, 0, 0},
    };
    const int *refs[2] = {ww_model_opening(m), ww_model_counter(m)};
    for (int k = 0; k < 2; k++)
        if (refs[k] && ww_model_evaluate(m, refs[k], &ev) == WW_OK) {
            sp[k].present = 1;
            sp[k].b = ev.buyer;
            sp[k].s = ev.seller;
        }
    ww_options o = ctx->opts;
    o.progress = NULL;
    for (int k = 2; k < 4 && n > 0; k++) {
        ww_result *r = NULL;
        ww_status st = k == 2 ? ww_best(ctx->solver, &o, &r)
                              : ww_nash(ctx->solver, &o, &r);
        if (st == WW_OK && ww_result_count(r) > 0) {
            sp[k].present = 1;
            sp[k].b = ww_result_buyer(r, 0);
            sp[k].s = ww_result_seller(r, 0);
        }
        ww_result_free(r);
    }

    /* The bounds of the admissible region. */
    double rb = NAN, rs = NAN, floor_s = NAN, budget;
    if (!a->no_limits) {
        double v;
        if (ww_model_reservation(m, WW_BUYER, &v))
            rb = v;
        if (ww_model_reservation(m, WW_SELLER, &v))
            rs = v;
        int has_budget = a->has_budget ? 1 : ww_model_budget(m, &budget);
        if (a->has_budget)
            budget = a->budget;
        if (has_budget && sp[0].present)
            floor_s = sp[0].s - budget;
    }

    chart c = {NULL, INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (int i = 0; i < n; i++) {
        include(ww_result_buyer(fr, i), &c.x0, &c.x1);
        include(ww_result_seller(fr, i), &c.y0, &c.y1);
    }
    for (int k = 0; k < 4; k++)
        if (sp[k].present) {
            include(sp[k].b, &c.x0, &c.x1);
            include(sp[k].s, &c.y0, &c.y1);
        }
    include(rb, &c.x0, &c.x1);
    include(rs, &c.y0, &c.y1);
    include(floor_s, &c.y0, &c.y1);
    if (!isfinite(c.x0)) {
        c.x0 = 0;
        c.x1 = 1;
    }
    if (!isfinite(c.y0)) {
        c.y0 = 0;
        c.y1 = 1;
    }
    double padx = (c.x1 - c.x0) * 0.06, pady = (c.y1 - c.y0) * 0.06;
    if (padx < 1e-9)
        padx = fabs(c.x0) * 0.1 + 1;
    if (pady < 1e-9)
        pady = fabs(c.y0) * 0.1 + 1;
    c.x0 -= padx;
    c.x1 += padx;
    c.y0 -= pady;
    c.y1 += pady;
    double stx = nice_step(c.x1 - c.x0), sty = nice_step(c.y1 - c.y0);
    c.x0 = floor(c.x0 / stx) * stx;
    c.x1 = ceil(c.x1 / stx) * stx;
    c.y0 = floor(c.y0 / sty) * sty;
    c.y1 = ceil(c.y1 / sty) * sty;

    FILE *out = fopen(path, "w");
    if (!out) {
        cli_error("--svg %s: cannot write: %s", path, strerror(errno));
        return CLI_EXIT_INVALID;
    }
    c.out = out;
    nplaced = 0;
    const char *name = ww_model_name(m);
    const char *unit = ww_model_unit(m);
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
            W, H, W, H);
    fputs("<title>", out);
    esc(out, name ? name : "winwin model");
    fputs(": Pareto frontier</title>\n", out);
    fprintf(out, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W,
            H);

    /* Title */
    fprintf(out, "<text x=\"%.1f\" y=\"32\" font-size=\"18\" "
                 "font-weight=\"bold\">", PL);
    esc(out, name ? name : "winwin model");
    fprintf(out, ": Pareto frontier (%d point%s%s)</text>\n", n,
            n == 1 ? "" : "s",
            ww_result_outcome(fr) == WW_OUTCOME_TIME_LIMIT ? ", not proven"
            : ww_result_outcome(fr) == WW_OUTCOME_INFEASIBLE
                ? ": no agreement zone" : "");

    /* Grid and ticks */
    fputs("<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n", out);
    for (double x = c.x0; x <= c.x1 + stx * 1e-6; x += stx)
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                sx(&c, x), PT, sx(&c, x), PB);
    for (double y = c.y0; y <= c.y1 + sty * 1e-6; y += sty)
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                PL, sy(&c, y), PR, sy(&c, y));
    fputs("</g>\n<g font-size=\"12\" fill=\"#333\">\n", out);
    for (double x = c.x0; x <= c.x1 + stx * 1e-6; x += stx)
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"#333\"/><text x=\"%.1f\" y=\"%.1f\" "
                     "text-anchor=\"middle\">%s</text>\n",
                sx(&c, x), PB, sx(&c, x), PB + 5, sx(&c, x), PB + 20,
                cli_num(fabs(x) < stx * 1e-9 ? 0 : x));
    for (double y = c.y0; y <= c.y1 + sty * 1e-6; y += sty)
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"#333\"/><text x=\"%.1f\" y=\"%.1f\" "
                     "text-anchor=\"end\">%s</text>\n",
                PL - 5, sy(&c, y), PL, sy(&c, y), PL - 8, sy(&c, y) + 4,
                cli_num(fabs(y) < sty * 1e-9 ? 0 : y));
    fputs("</g>\n", out);

    /* Admissible region: above both reservations and the budget floor. */
    double ax = isfinite(rb) ? rb : c.x0;
    double ay = c.y0;
    if (isfinite(rs))
        ay = rs;
    if (isfinite(floor_s) && floor_s > ay)
        ay = floor_s;
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                 "fill=\"#e6f4e6\"/>\n",
            sx(&c, ax), PT, PR - sx(&c, ax), sy(&c, ay) - PT);
    /* Agreement zone: under the frontier's steps, inside the region. */
    if (n > 0) {
        fputs("<polygon fill=\"#b9dfb9\" fill-opacity=\"0.8\" points=\"",
              out);
        vertices v = {out, {0, 0}, {0, 0}, {0, 0}, 0, 0, 0};
        vertex(&v, sx(&c, ax), sy(&c, ay));
        vertex(&v, sx(&c, ax), sy(&c, ww_result_seller(fr, 0)));
        steps(&v, &c, fr, n);
        vertex(&v, sx(&c, ww_result_buyer(fr, n - 1)), sy(&c, ay));
        vertices_end(&v);
        fputs("\"/>\n", out);
    }

    /* Reservation and budget lines. */
    char text[256];
    if (isfinite(rb))
        dashed(out, sx(&c, rb), PT, sx(&c, rb), PB, "#1f77b4", "6,4");
    if (isfinite(rs))
        dashed(out, PL, sy(&c, rs), PR, sy(&c, rs), "#d62728", "6,4");
    if (isfinite(floor_s))
        dashed(out, PL, sy(&c, floor_s), PR, sy(&c, floor_s), "#8c564b",
               "2,3");

    /* Frontier: step line and points (with the package as a tooltip). */
    if (n > 0) {
        fputs("<polyline fill=\"none\" stroke=\"#1f3f8f\" stroke-width=\"2\" "
              "points=\"",
              out);
        vertices v = {out, {0, 0}, {0, 0}, {0, 0}, 0, 0, 0};
        steps(&v, &c, fr, n);
        vertices_end(&v);
        fputs("\"/>\n", out);
        double lastx = -HUGE_VAL, lasty = -HUGE_VAL;
        for (int i = 0; i < n; i++) {
            double x = sx(&c, ww_result_buyer(fr, i)),
                   y = sy(&c, ww_result_seller(fr, i));
            /* past MARKERS_ALL points, a marker where it shows: MARKER_GAP
             * px from the last one drawn (and the last point's) */
            if (n > MARKERS_ALL && i < n - 1 &&
                fabs(x - lastx) < MARKER_GAP && fabs(y - lasty) < MARKER_GAP)
                continue;
            lastx = x;
            lasty = y;
            char *pk = cli_package_str(m, ww_result_package(fr, i));
            fprintf(out, "<g><title>buyer %s, seller %s: ",
                    cli_num(ww_result_buyer(fr, i)),
                    cli_num(ww_result_seller(fr, i)));
            esc(out, pk);
            fputs("</title>", out);
            marker(out, SHAPE_CIRCLE, x, y, "#1f3f8f", n > 60 ? 3.0 : 4.5);
            fputs("</g>\n", out);
            free(pk);
            placed[nplaced < 64 ? nplaced++ : 63] =
                (box){x - 5, y - 5, 10, 10};
        }
    }

    /* Special points; coinciding ones share one label. */
    for (int k = 3; k >= 0; k--)
        if (sp[k].present)
            marker(out, sp[k].shape, sx(&c, sp[k].b), sy(&c, sp[k].s),
                   sp[k].color, k >= 2 ? 7 : 6);
    /* Markers are obstacles for every label. */
    for (int k = 0; k < 4; k++)
        if (sp[k].present && nplaced < 64)
            placed[nplaced++] = (box){sx(&c, sp[k].b) - 9,
                                      sy(&c, sp[k].s) - 9, 18, 18};
    for (int k = 0; k < 4; k++) {
        if (!sp[k].present)
            continue;
        int dup = 0;
        for (int j = 0; j < k; j++)
            if (sp[j].present && fabs(sp[j].b - sp[k].b) < 1e-9 &&
                fabs(sp[j].s - sp[k].s) < 1e-9)
                dup = 1;
        if (dup)
            continue;
        size_t len = 0;
        text[0] = '\0';
        for (int j = k; j < 4; j++)
            if (sp[j].present && fabs(sp[j].b - sp[k].b) < 1e-9 &&
                fabs(sp[j].s - sp[k].s) < 1e-9)
                len += (size_t)snprintf(text + len, sizeof text - len, "%s%s",
                                        len ? " = " : "", sp[j].name);
        snprintf(text + len, sizeof text - len, " (%s, %s)", short_num(sp[k].b),
                 short_num(sp[k].s));
        label(&c, sx(&c, sp[k].b), sy(&c, sp[k].s), text, "#111");
    }
    /* Line labels last: they go wherever the points left room. */
    if (isfinite(rb)) {
        snprintf(text, sizeof text, "buyer reservation %s", cli_num(rb));
        label(&c, sx(&c, rb) - 6, PT + 14, text, "#1f77b4");
    }
    if (isfinite(rs)) {
        snprintf(text, sizeof text, "seller reservation %s", cli_num(rs));
        label(&c, PR - 7.0 * cli_width(text) - 30, sy(&c, rs) - 10, text,
              "#d62728");
    }
    if (isfinite(floor_s)) {
        snprintf(text, sizeof text, "budget floor %s", cli_num(floor_s));
        label(&c, PR - 7.0 * cli_width(text) - 30, sy(&c, floor_s) - 10,
              text, "#8c564b");
    }

    /* Frame and axis titles. */
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                 "fill=\"none\" stroke=\"#333\"/>\n",
            PL, PT, PR - PL, PB - PT);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
                 "text-anchor=\"middle\">buyer utility: ",
            (PL + PR) / 2, PB + 45);
    axis_title_end(out, cli_party(m, WW_BUYER), unit);
    fprintf(out, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" "
                 "font-size=\"14\" text-anchor=\"middle\">seller utility: ",
            PL - 58, (PT + PB) / 2);
    axis_title_end(out, cli_party(m, WW_SELLER), unit);

    /* Legend */
    int row = 0;
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" "
                 "font-weight=\"bold\">Legend</text>\n", LX, PT);
    char points[96];
    if (n > MARKERS_ALL)
        snprintf(points, sizeof points, "frontier point (%d: one marker a "
                 "%.0f px)", n, MARKER_GAP);
    legend_item(out, &row, "marker", "#1f3f8f", SHAPE_CIRCLE,
                n > MARKERS_ALL ? points : "frontier point");
    legend_item(out, &row, "line", "#1f3f8f", SHAPE_CIRCLE,
                "frontier (step line)");
    legend_item(out, &row, "area", "#b9dfb9", SHAPE_CIRCLE,
                "agreement zone");
    legend_item(out, &row, "area", "#e6f4e6", SHAPE_CIRCLE,
                isfinite(floor_s) ? "meets reservations, budget"
                : (isfinite(rb) || isfinite(rs)) ? "meets the reservations"
                                                 : "no limits");
    if (isfinite(rb))
        legend_item(out, &row, "dash", "#1f77b4", SHAPE_CIRCLE,
                    "buyer reservation");
    if (isfinite(rs))
        legend_item(out, &row, "dash", "#d62728", SHAPE_CIRCLE,
                    "seller reservation");
    if (isfinite(floor_s))
        legend_item(out, &row, "dash", "#8c564b", SHAPE_CIRCLE,
                    "budget floor (opening - budget)");
    for (int k = 0; k < 4; k++)
        if (sp[k].present)
            legend_item(out, &row, "marker", sp[k].color, sp[k].shape,
                        k == 0 ? "opening (seller)"
                        : k == 1 ? "counter (buyer)"
                        : k == 2 ? "best (max joint value)"
                                 : "Nash bargaining point");
    /* Parties under the legend. */
    double py = PT + 22 + 22 * row + 20;
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
                 "fill=\"#555\">buyer: ", LX, py);
    esc(out, cli_party(m, WW_BUYER));
    fprintf(out, "</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
                 "fill=\"#555\">seller: ", LX, py + 18);
    esc(out, cli_party(m, WW_SELLER));
    fputs("</text>\n</svg>\n", out);

    if (fclose(out) != 0) {
        cli_error("--svg %s: cannot write: %s", path, strerror(errno));
        return CLI_EXIT_INVALID;
    }
    return CLI_EXIT_OK;
}

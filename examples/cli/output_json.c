/* --json output: exactly one document on stdout, spec section 4 shapes
 * plus extra keys (proven, reason, diagnosis, stats, ...). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *json_package(const ww_model *model, const int *package)
{
    if (!package)
        return json_null();
    json_t *o = json_object();
    for (int i = 0; i < ww_model_term_count(model); i++)
        json_object_set_new(o, ww_model_term_name(model, i),
                            json_string(ww_model_level_label(model, i,
                                                             package[i])));
    return o;
}

static void set_num(json_t *o, const char *key, double x)
{
    json_object_set_new(o, key, cli_jnum(x));
}

/* {"buyer": .., "seller": ..} */
static json_t *pair(double buyer, double seller)
{
    json_t *o = json_object();
    set_num(o, "buyer", buyer);
    set_num(o, "seller", seller);
    return o;
}

/* Each term's level and its own utilities, then the interaction total. */
static json_t *levels_detail(const ww_model *m, const int *pkg, double ub,
                             double us)
{
    json_t *a = json_array();
    for (int i = 0; i < ww_model_term_count(m); i++) {
        json_t *t = json_object();
        double v;
        json_object_set_new(t, "term", json_string(ww_model_term_name(m, i)));
        json_object_set_new(t, "level",
                            json_string(ww_model_level_label(m, i, pkg[i])));
        if (ww_model_level_value(m, i, pkg[i], &v))
            set_num(t, "value", v);
        set_num(t, "buyer", ww_model_level_buyer(m, i, pkg[i]));
        set_num(t, "seller", ww_model_level_seller(m, i, pkg[i]));
        json_array_append_new(a, t);
    }
    double lb, ls;
    cli_level_sums(m, pkg, &lb, &ls);
    json_t *o = json_object();
    json_object_set_new(o, "terms", a);
    json_object_set_new(o, "interactions", pair(ub - lb, us - ls));
    return o;
}

static const char *cause_str(ww_cause c)
{
    switch (c) {
    case WW_CAUSE_NONE: return "none";
    case WW_CAUSE_CONSTRAINTS: return "constraints";
    case WW_CAUSE_SELLER_RESERVATION: return "seller_reservation";
    case WW_CAUSE_BUDGET: return "budget";
    case WW_CAUSE_BUYER_RESERVATION: return "buyer_reservation";
    case WW_CAUSE_QUERY: return "query";
    }
    return "unknown";
}

void json_add_outcome(json_t *obj, const ww_result *r)
{
    ww_outcome oc = ww_result_outcome(r);
    json_object_set_new(obj, "status", json_string(ww_outcome_str(oc)));
    json_object_set_new(obj, "proven",
                        json_boolean(oc != WW_OUTCOME_TIME_LIMIT));
    ww_diagnosis d;
    if (ww_result_diagnosis(r, &d) == WW_OK && d.cause != WW_CAUSE_NONE) {
        json_t *o = json_object();
        json_object_set_new(o, "cause", json_string(cause_str(d.cause)));
        set_num(o, "reachable", d.reachable);
        set_num(o, "required", d.required);
        set_num(o, "gap", d.gap);
        json_object_set_new(obj, "diagnosis", o);
    }
    const char *reason = ww_result_reason(r);
    if (reason && reason[0])
        json_object_set_new(obj, "reason", json_string(reason));
}

static void add_stats(json_t *obj, const ww_result *r)
{
    ww_stats s;
    if (ww_result_stats(r, &s) != WW_OK)
        return;
    json_t *o = json_object();
    json_object_set_new(o, "solves", json_integer(s.solves));
    set_num(o, "elapsed", s.elapsed);
    json_object_set_new(o, "path", json_string(ww_path_str(s.path)));
    json_object_set_new(obj, "stats", o);
}

/* package/buyer/seller/joint of result package i, into obj. */
static void add_point(json_t *obj, const ww_model *m, const ww_result *r,
                      int i)
{
    json_object_set_new(obj, "package",
                        json_package(m, ww_result_package(r, i)));
    set_num(obj, "buyer", ww_result_buyer(r, i));
    set_num(obj, "seller", ww_result_seller(r, i));
    set_num(obj, "joint", ww_result_joint(r, i));
}

json_t *json_single(cli_ctx *ctx, const ww_result *r)
{
    json_t *o = json_object();
    json_add_outcome(o, r);
    if (ww_result_count(r) > 0) {
        add_point(o, ctx->model, r, 0);
        json_object_set_new(o, "levels",
                            levels_detail(ctx->model, ww_result_package(r, 0),
                                          ww_result_buyer(r, 0),
                                          ww_result_seller(r, 0)));
    } else {
        json_object_set_new(o, "package", json_null());
        json_object_set_new(o, "buyer", json_null());
        json_object_set_new(o, "seller", json_null());
        json_object_set_new(o, "joint", json_null());
    }
    double d[2], ideal[2];
    if (ctx->args->cmd != CMD_BEST && ww_result_anchors(r, d, ideal)) {
        json_object_set_new(o, "disagreement", pair(d[0], d[1]));
        json_object_set_new(o, "ideal", pair(ideal[0], ideal[1]));
    }
    add_stats(o, r);
    return o;
}

/* Frontier point i of r. */
static json_t *frontier_point(cli_ctx *ctx, const ww_result *r, int i)
{
    json_t *p = json_object();
    set_num(p, "buyer", ww_result_buyer(r, i));
    set_num(p, "seller", ww_result_seller(r, i));
    set_num(p, "joint", ww_result_joint(r, i));
    json_object_set_new(p, "package",
                        json_package(ctx->model, ww_result_package(r, i)));
    return p;
}

/* The frontier's document with its "points" left empty: json_emit_frontier
 * streams them into it. */
static json_t *frontier_doc(cli_ctx *ctx, const ww_result *r)
{
    json_t *o = json_object();
    json_add_outcome(o, r);
    json_object_set_new(o, "count", json_integer(ww_result_count(r)));
    json_object_set_new(o, "points", json_array());
    if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT) /* why not proven */
        json_object_set_new(o, "stopped",
                            json_string(cli_capped(ctx, r) ? "max_points"
                                                           : "time_limit"));
    if (ctx->args->svg)
        json_object_set_new(o, "svg", json_string(ctx->args->svg));
    add_stats(o, r);
    return o;
}

/* The per-term changes between two packages (own level utilities). */
static json_t *changes(const ww_model *m, const int *from, const int *to)
{
    json_t *a = json_array();
    for (int i = 0; i < ww_model_term_count(m); i++) {
        if (from[i] == to[i])
            continue;
        json_t *c = json_object();
        json_object_set_new(c, "term", json_string(ww_model_term_name(m, i)));
        json_object_set_new(c, "from",
                            json_string(ww_model_level_label(m, i, from[i])));
        json_object_set_new(c, "to",
                            json_string(ww_model_level_label(m, i, to[i])));
        set_num(c, "buyer", ww_model_level_buyer(m, i, to[i]) -
                                ww_model_level_buyer(m, i, from[i]));
        set_num(c, "seller", ww_model_level_seller(m, i, to[i]) -
                                 ww_model_level_seller(m, i, from[i]));
        json_array_append_new(a, c);
    }
    return a;
}

json_t *json_trades(cli_ctx *ctx, const char *from, const ww_result *r)
{
    json_t *o = json_object();
    json_add_outcome(o, r);
    ww_evaluation ev;
    memset(&ev, 0, sizeof ev);
    const int *ref = ww_result_reference(r, &ev);
    json_t *jr = json_object();
    json_object_set_new(jr, "from", json_string(from));
    json_object_set_new(jr, "package", json_package(ctx->model, ref));
    set_num(jr, "buyer", ev.buyer);
    set_num(jr, "seller", ev.seller);
    set_num(jr, "joint", ev.joint);
    json_object_set_new(jr, "feasible", json_boolean(ev.feasible));
    json_object_set_new(jr, "admissible", json_boolean(ev.admissible));
    json_object_set_new(o, "reference", jr);
    json_t *ts = json_array();
    for (int i = 0; i < ww_result_count(r); i++) {
        json_t *t = json_object();
        add_point(t, ctx->model, r, i);
        if (ref)
            json_object_set_new(t, "changes",
                                changes(ctx->model, ref,
                                        ww_result_package(r, i)));
        set_num(t, "buyer_gain", ww_result_buyer(r, i) - ev.buyer);
        set_num(t, "seller_gain", ww_result_seller(r, i) - ev.seller);
        json_array_append_new(ts, t);
    }
    json_object_set_new(o, "trades", ts);
    json_t *q = json_object();
    json_object_set_new(q, "max_changes",
                        json_integer(ctx->args->max_changes));
    json_object_set_new(q, "top", json_integer(ctx->args->top));
    set_num(q, "concede", ctx->args->concede);
    json_object_set_new(o, "query", q);
    add_stats(o, r);
    return o;
}

static const char *violation_str(ww_violation v)
{
    switch (v) {
    case WW_VIOLATES_NOTHING: return "none";
    case WW_VIOLATES_FORBID: return "forbid";
    case WW_VIOLATES_LINEAR: return "linear";
    case WW_VIOLATES_BUYER_RESERVATION: return "buyer_reservation";
    case WW_VIOLATES_SELLER_RESERVATION: return "seller_reservation";
    case WW_VIOLATES_BUDGET: return "budget";
    }
    return "unknown";
}

json_t *json_evaluate(cli_ctx *ctx, const char *offer, const int *pkg,
                      const ww_evaluation *ev, const ww_result *r,
                      const ww_result *best)
{
    json_t *o = json_object();
    if (r)
        json_add_outcome(o, r);
    else
        json_object_set_new(o, "status", json_string("optimal"));
    json_object_set_new(o, "offer", json_string(offer));
    json_object_set_new(o, "package", json_package(ctx->model, pkg));
    set_num(o, "buyer", ev->buyer);
    set_num(o, "seller", ev->seller);
    set_num(o, "joint", ev->joint);
    json_object_set_new(o, "levels",
                        levels_detail(ctx->model, pkg, ev->buyer, ev->seller));
    json_object_set_new(o, "feasible", json_boolean(ev->feasible));
    json_object_set_new(o, "admissible", json_boolean(ev->admissible));
    if (ev->violation == WW_VIOLATES_NOTHING) {
        json_object_set_new(o, "violation", json_null());
    } else {
        json_t *v = json_object();
        json_object_set_new(v, "kind",
                            json_string(violation_str(ev->violation)));
        if (ev->constraint >= 0)
            json_object_set_new(v, "constraint",
                                json_integer(ev->constraint));
        char *text = cli_violation_text(ctx, pkg, ev);
        json_object_set_new(v, "text", json_string(text));
        free(text);
        json_object_set_new(o, "violation", v);
    }
    if (ev->has_concession)
        set_num(o, "concession", ev->concession);
    else
        json_object_set_new(o, "concession", json_null());
    if (ev->has_value_left)
        set_num(o, "value_left", ev->value_left);
    else
        json_object_set_new(o, "value_left", json_null());
    if (best && ww_result_count(best) > 0) {
        json_t *b = json_object();
        add_point(b, ctx->model, best, 0);
        json_object_set_new(o, "best", b);
    }
    json_object_set_new(o, "has_improvement",
                        json_boolean(ev->has_improvement));
    if (ev->has_improvement && r && ww_result_count(r) > 0) {
        json_t *imp = json_object();
        add_point(imp, ctx->model, r, 0);
        json_object_set_new(imp, "changes",
                            changes(ctx->model, pkg, ww_result_package(r, 0)));
        json_object_set_new(o, "improvement", imp);
    } else {
        json_object_set_new(o, "improvement", json_null());
    }
    if (r)
        add_stats(o, r);
    return o;
}

json_t *json_meso(cli_ctx *ctx, const ww_result *r)
{
    json_t *o = json_object();
    json_add_outcome(o, r);
    const cli_args *a = ctx->args;
    double target, band; /* as used, the defaults resolved */
    if (!ww_result_band(r, &target, &band)) {
        target = a->has_target ? a->target : NAN;
        band = a->has_band ? a->band : NAN;
    }
    if (!isnan(target))
        set_num(o, "target", target);
    else
        json_object_set_new(o, "target", json_null());
    if (!isnan(band))
        set_num(o, "band", band);
    else
        json_object_set_new(o, "band", json_null());
    json_object_set_new(o, "count", json_integer(ww_result_count(r)));
    json_object_set_new(o, "diversity",
                        json_integer(ww_result_diversity(r)));
    json_t *offers = json_array();
    for (int i = 0; i < ww_result_count(r); i++) {
        json_t *p = json_object();
        add_point(p, ctx->model, r, i);
        json_array_append_new(offers, p);
    }
    json_object_set_new(o, "offers", offers);
    add_stats(o, r);
    return o;
}

static json_t *eval_obj(cli_ctx *ctx, const int *pkg)
{
    ww_evaluation ev;
    if (ww_model_evaluate(ctx->model, pkg, &ev) != WW_OK)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "package", json_package(ctx->model, pkg));
    set_num(o, "buyer", ev.buyer);
    set_num(o, "seller", ev.seller);
    set_num(o, "joint", ev.joint);
    json_object_set_new(o, "feasible", json_boolean(ev.feasible));
    json_object_set_new(o, "admissible", json_boolean(ev.admissible));
    if (ev.violation != WW_VIOLATES_NOTHING) {
        char *text = cli_violation_text(ctx, pkg, &ev);
        json_object_set_new(o, "violation", json_string(text));
        free(text);
    }
    return o;
}

static json_t *party_obj(const ww_model *m, ww_party p)
{
    json_t *o = json_object();
    const char *name = ww_model_party_name(m, p);
    json_object_set_new(o, "name", name ? json_string(name) : json_null());
    double r;
    if (ww_model_reservation(m, p, &r))
        set_num(o, "reservation", r);
    else
        json_object_set_new(o, "reservation", json_null());
    set_num(o, "weight", ww_model_weight(m, p));
    return o;
}

json_t *json_check(cli_ctx *ctx)
{
    const ww_model *m = ctx->model;
    json_t *o = json_object();
    int nt = ww_model_term_count(m), nl = 0;
    json_object_set_new(o, "status", json_string("ok"));
    json_object_set_new(o, "valid", json_true());
    json_object_set_new(o, "file", json_string(ctx->args->model_path));
    const char *s = ww_model_name(m);
    json_object_set_new(o, "name", s ? json_string(s) : json_null());
    s = ww_model_unit(m);
    json_object_set_new(o, "unit", s ? json_string(s) : json_null());
    json_t *parties = json_object();
    json_object_set_new(parties, "buyer", party_obj(m, WW_BUYER));
    json_object_set_new(parties, "seller", party_obj(m, WW_SELLER));
    json_object_set_new(o, "parties", parties);
    json_t *list = json_array();
    for (int i = 0; i < nt; i++) {
        json_t *t = json_object();
        json_t *labels = json_array();
        json_object_set_new(t, "name", json_string(ww_model_term_name(m, i)));
        s = ww_model_term_unit(m, i);
        json_object_set_new(t, "unit", s ? json_string(s) : json_null());
        json_object_set_new(t, "levels",
                            json_integer(ww_model_level_count(m, i)));
        json_object_set_new(t, "range",
                            json_boolean(ww_model_term_range(
                                m, i, NULL, NULL, NULL, NULL, NULL)));
        for (int k = 0; k < ww_model_level_count(m, i); k++)
            json_array_append_new(labels,
                                  json_string(ww_model_level_label(m, i, k)));
        json_object_set_new(t, "labels", labels);
        json_array_append_new(list, t);
        nl += ww_model_level_count(m, i);
    }
    json_object_set_new(o, "terms", json_integer(nt));
    json_object_set_new(o, "levels", json_integer(nl));
    set_num(o, "packages", ww_model_package_count(m));
    json_object_set_new(o, "interactions",
                        json_integer(ww_model_interaction_count(m)));
    json_object_set_new(o, "constraints",
                        json_integer(ww_model_constraint_count(m)));
    json_object_set_new(o, "term_list", list);
    const int *op = ww_model_opening(m), *co = ww_model_counter(m);
    json_object_set_new(o, "opening", op ? eval_obj(ctx, op) : json_null());
    json_object_set_new(o, "counter", co ? eval_obj(ctx, co) : json_null());
    double b;
    if (ww_model_budget(m, &b))
        set_num(o, "concession_budget", b);
    else
        json_object_set_new(o, "concession_budget", json_null());
    json_t *w = json_array();
    for (int i = 0; i < ww_model_warning_count(m); i++)
        json_array_append_new(w, json_string(ww_model_warning(m, i)));
    json_object_set_new(o, "warnings", w);
    return o;
}

/* A buffered stdout for a streamed document (json_dumpf writes each
 * token through fwrite: 28 % of the time of a 927,961-point frontier),
 * which puts `pad` spaces after each newline it is handed. */
typedef struct sink {
    char *buf;
    size_t n, cap;
    int pad;
    int failed;
} sink;

static void sink_flush(sink *s)
{
    if (s->n && fwrite(s->buf, 1, s->n, stdout) != s->n)
        s->failed = 1;
    s->n = 0;
}

static void sink_put(sink *s, const char *d, size_t len)
{
    while (len > 0) {
        if (s->n == s->cap)
            sink_flush(s);
        size_t k = len < s->cap - s->n ? len : s->cap - s->n;
        memcpy(s->buf + s->n, d, k);
        s->n += k;
        d += k;
        len -= k;
    }
}

/* json_dump_callback's writer: the text, each newline followed by the
 * sink's pad (a value dumped at depth 0 placed deeper in the document:
 * JSON strings hold no raw newline). */
static int sink_dump(const char *d, size_t len, void *data)
{
    static const char spaces[] = "        ";
    sink *s = data;
    if (len <= 64) { /* jansson hands over a token at a time */
        if (s->cap - s->n < 64 * (1 + sizeof spaces)) /* (pad <= 8) */
            sink_flush(s);
        for (size_t i = 0; i < len; i++) {
            s->buf[s->n++] = d[i];
            if (d[i] == '\n')
                for (int k = 0; k < s->pad; k++)
                    s->buf[s->n++] = ' ';
        }
        return 0;
    }
    const char *nl;
    while (s->pad > 0 && (nl = memchr(d, '\n', len)) != NULL) {
        size_t k = (size_t)(nl - d) + 1;
        sink_put(s, d, k);
        sink_put(s, spaces, (size_t)s->pad);
        d += k;
        len -= k;
    }
    sink_put(s, d, len);
    return 0;
}

#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15))

int json_emit_frontier(cli_ctx *ctx, const ww_result *r)
{
    /* the document around an empty "points", then each point dumped as
     * json_dumpf would place it (two levels deep): the same bytes, without
     * a tree of every point (1.7 GB and 7 s for 927,961 points) */
    static const char key[] = "\n  \"points\": []";
    json_t *doc = frontier_doc(ctx, r);
    char *text = doc ? json_dumps(doc, JSON_FLAGS) : NULL;
    json_decref(doc);
    char *at = text ? strstr(text, key) : NULL;
    sink s = {malloc(1 << 16), 0, 1 << 16, 0, 0};
    if (!at || !s.buf) {
        free(text);
        free(s.buf);
        cli_error("out of memory");
        return CLI_EXIT_INVALID;
    }
    size_t open = (size_t)(at - text) + sizeof key - 2; /* through '[' */
    sink_put(&s, text, open);
    int n = ww_result_count(r);
    for (int i = 0; i < n && !s.failed; i++) {
        json_t *p = frontier_point(ctx, r, i);
        sink_put(&s, i ? ",\n    " : "\n    ", i ? 6 : 5);
        s.pad = 4;
        if (!p || json_dump_callback(p, sink_dump, &s, JSON_FLAGS) != 0)
            s.failed = 1;
        s.pad = 0;
        json_decref(p);
    }
    if (n > 0)
        sink_put(&s, "\n  ", 3);
    const char *rest = at + sizeof key - 2; /* from ']' */
    sink_put(&s, rest, strlen(rest));
    sink_put(&s, "\n", 1);
    sink_flush(&s);
    free(s.buf);
    free(text);
    if (s.failed || fflush(stdout) != 0) {
        cli_error("cannot write the JSON answer");
        return CLI_EXIT_INVALID;
    }
    return CLI_EXIT_OK;
}

int json_emit(json_t *doc)
{
    if (!doc) {
        cli_error("out of memory");
        return CLI_EXIT_INVALID;
    }
    int rc = json_dumpf(doc, stdout, JSON_FLAGS);
    fputc('\n', stdout);
    json_decref(doc);
    if (rc != 0 || fflush(stdout) != 0) {
        cli_error("cannot write the JSON answer");
        return CLI_EXIT_INVALID;
    }
    return CLI_EXIT_OK;
}

/* Human-readable output: aligned tables and plain status lines. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void text_package_table(const ww_model *m, const int *pkg, double ub,
                        double us, FILE *out)
{
    cli_table *t = cli_table_new(4);
    cli_table_right(t, 2);
    cli_table_right(t, 3);
    cli_table_row(t);
    cli_table_cell(t, "term");
    cli_table_cell(t, "level");
    cli_table_cell(t, "buyer");
    cli_table_cell(t, "seller");
    for (int i = 0; i < ww_model_term_count(m); i++) {
        cli_table_row(t);
        cli_table_cell(t, "%s", ww_model_term_name(m, i));
        cli_table_cell(t, "%s", ww_model_level_label(m, i, pkg[i]));
        cli_table_cell(t, "%s", cli_num(ww_model_level_buyer(m, i, pkg[i])));
        cli_table_cell(t, "%s", cli_num(ww_model_level_seller(m, i, pkg[i])));
    }
    double lb, ls;
    cli_level_sums(m, pkg, &lb, &ls);
    if (fabs(ub - lb) > 1e-9 || fabs(us - ls) > 1e-9) {
        cli_table_row(t);
        cli_table_cell(t, "(interactions)");
        cli_table_cell(t, "%s", "");
        cli_table_cell(t, "%s", cli_num(ub - lb));
        cli_table_cell(t, "%s", cli_num(us - ls));
    }
    cli_table_rule(t);
    cli_table_row(t);
    cli_table_cell(t, "total");
    cli_table_cell(t, "%s", "");
    cli_table_cell(t, "%s", cli_num(ub));
    cli_table_cell(t, "%s", cli_num(us));
    cli_table_print(t, out, 2);
    cli_table_free(t);
}

void text_status_line(const ww_result *r, const char *what, FILE *out)
{
    const char *reason = ww_result_reason(r);
    switch (ww_result_outcome(r)) {
    case WW_OUTCOME_INFEASIBLE: {
        /* Admissible packages exist but none meets the query's own bounds
         * (trades): that is no answer, not a missing agreement zone. */
        ww_diagnosis d;
        if (ww_result_diagnosis(r, &d) == WW_OK && d.cause == WW_CAUSE_QUERY)
            fprintf(out, "no %s: %s\n", what,
                    reason && reason[0] ? reason : "none meets the query");
        else if (reason && !strncmp(reason, "no agreement zone", 17))
            fprintf(out, "%s\n", reason);
        else
            fprintf(out, "no agreement zone: %s\n",
                    reason && reason[0] ? reason
                                        : "no admissible package exists");
        break;
    }
    case WW_OUTCOME_TIME_LIMIT:
        if (ww_result_count(r) > 0)
            fprintf(out, "time limit reached: %s found so far (not proven)\n",
                    what);
        else
            fprintf(out, "time limit reached before any %s was found\n", what);
        break;
    default:
        if (ww_result_count(r) == 0)
            fprintf(out, "no %s: %s\n", what,
                    reason && reason[0] ? reason : "none exists");
        break;
    }
}

static const char *outcome_word(const ww_result *r)
{
    switch (ww_result_outcome(r)) {
    case WW_OUTCOME_OPTIMAL: return "optimal";
    case WW_OUTCOME_INFEASIBLE: return "infeasible";
    case WW_OUTCOME_TIME_LIMIT: return "not proven: time limit";
    }
    return "?";
}

static void joint_line(const ww_model *m, double joint, FILE *out)
{
    double wb = ww_model_weight(m, WW_BUYER), ws = ww_model_weight(m, WW_SELLER);
    if (wb == 1.0 && ws == 1.0)
        fprintf(out, "joint value: %s\n", cli_num(joint));
    else
        fprintf(out, "joint value: %s (weights: buyer %s, seller %s)\n",
                cli_num(joint), cli_num(wb), cli_num(ws));
}

void text_single(cli_ctx *ctx, const char *title, const ww_result *r)
{
    const ww_model *m = ctx->model;
    if (ww_result_count(r) == 0) {
        text_status_line(r, title, stdout);
        return;
    }
    printf("%s (%s)\n", title, outcome_word(r));
    if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT)
        text_status_line(r, title, stdout);
    text_package_table(m, ww_result_package(r, 0), ww_result_buyer(r, 0),
                       ww_result_seller(r, 0), stdout);
    joint_line(m, ww_result_joint(r, 0), stdout);
    double d[2], ideal[2];
    if (ctx->args->cmd != CMD_BEST && ww_result_anchors(r, d, ideal)) {
        printf("disagreement point: buyer %s, seller %s\n", cli_num(d[0]),
               cli_num(d[1]));
        printf("ideal point:        buyer %s, seller %s\n", cli_num(ideal[0]),
               cli_num(ideal[1]));
    }
}

/* A table with one row per result package: #, buyer, seller, joint, then
 * each term's level. */
/* Row k of packages_table into cells (num: room for its numbers). */
static void package_row(const ww_model *m, const ww_result *r, int k,
                        const char **cells, char num[4][48])
{
    const int *p = ww_result_package(r, k);
    snprintf(num[0], sizeof num[0], "%d", k + 1);
    snprintf(num[1], sizeof num[1], "%s", cli_num(ww_result_buyer(r, k)));
    snprintf(num[2], sizeof num[2], "%s", cli_num(ww_result_seller(r, k)));
    snprintf(num[3], sizeof num[3], "%s", cli_num(ww_result_joint(r, k)));
    for (int c = 0; c < 4; c++)
        cells[c] = num[c];
    for (int i = 0; i < ww_model_term_count(m); i++)
        cells[4 + i] = ww_model_level_label(m, i, p[i]);
}

/* The points as a table, measured in one pass and printed in a second,
 * without keeping the rows (a frontier of 927,961 points kept 438 MB). */
static void packages_table(const ww_model *m, const ww_result *r, FILE *out)
{
    int nt = ww_model_term_count(m), n = ww_result_count(r);
    cli_table *t = cli_table_new(4 + nt);
    for (int c = 0; c < 4; c++)
        cli_table_right(t, c);
    cli_table_row(t);
    cli_table_cell(t, "#");
    cli_table_cell(t, "buyer");
    cli_table_cell(t, "seller");
    cli_table_cell(t, "joint");
    for (int i = 0; i < nt; i++)
        cli_table_cell(t, "%s", ww_model_term_name(m, i));
    const char **cells = cli_xmalloc(sizeof *cells * (size_t)(4 + nt));
    char num[4][48];
    for (int k = 0; k < n; k++) {
        package_row(m, r, k, cells, num);
        cli_table_measure(t, cells, 4 + nt);
    }
    cli_table_print(t, out, 2); /* the header */
    for (int k = 0; k < n; k++) {
        package_row(m, r, k, cells, num);
        cli_table_print_cells(t, cells, 4 + nt, out, 2);
    }
    free(cells);
    cli_table_free(t);
}

void text_frontier(cli_ctx *ctx, const ww_result *r)
{
    int n = ww_result_count(r);
    if (n == 0) {
        text_status_line(r, "frontier point", stdout);
        return;
    }
    int capped = cli_capped(ctx, r);
    printf("Pareto frontier: %d point%s, seller utility descending (%s)\n", n,
           n == 1 ? "" : "s",
           capped ? "not proven: --max-points" : outcome_word(r));
    if (capped)
        printf("stopped at --max-points %d: more points may follow\n", n);
    else if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT)
        text_status_line(r, "frontier points", stdout);
    packages_table(ctx->model, r, stdout);
    if (ctx->args->svg)
        printf("chart written to %s\n", ctx->args->svg);
}

static const char *give_get(double db, double ds)
{
    if (db > 1e-9 && ds < -1e-9)
        return "buyer gets, seller gives";
    if (db < -1e-9 && ds > 1e-9)
        return "seller gets, buyer gives";
    if (db >= -1e-9 && ds >= -1e-9)
        return (db > 1e-9 || ds > 1e-9) ? "gain for both" : "neutral";
    return "loss for both";
}

static void changes_table(const ww_model *m, const int *from, const int *to,
                          double db_total, double ds_total, FILE *out)
{
    cli_table *t = cli_table_new(6);
    cli_table_right(t, 3);
    cli_table_right(t, 4);
    cli_table_row(t);
    cli_table_cell(t, "term");
    cli_table_cell(t, "from");
    cli_table_cell(t, "to");
    cli_table_cell(t, "buyer");
    cli_table_cell(t, "seller");
    cli_table_cell(t, "%s", "");
    double sb = 0, ss = 0;
    for (int i = 0; i < ww_model_term_count(m); i++) {
        if (from[i] == to[i])
            continue;
        double db = ww_model_level_buyer(m, i, to[i]) -
                    ww_model_level_buyer(m, i, from[i]);
        double ds = ww_model_level_seller(m, i, to[i]) -
                    ww_model_level_seller(m, i, from[i]);
        sb += db;
        ss += ds;
        cli_table_row(t);
        cli_table_cell(t, "%s", ww_model_term_name(m, i));
        cli_table_cell(t, "%s", ww_model_level_label(m, i, from[i]));
        cli_table_cell(t, "%s", ww_model_level_label(m, i, to[i]));
        cli_table_cell(t, "%s", cli_delta(db));
        cli_table_cell(t, "%s", cli_delta(ds));
        cli_table_cell(t, "%s", give_get(db, ds));
    }
    if (fabs(db_total - sb) > 1e-9 || fabs(ds_total - ss) > 1e-9) {
        cli_table_row(t);
        cli_table_cell(t, "(interactions)");
        cli_table_cell(t, "%s", "");
        cli_table_cell(t, "%s", "");
        cli_table_cell(t, "%s", cli_delta(db_total - sb));
        cli_table_cell(t, "%s", cli_delta(ds_total - ss));
    }
    cli_table_print(t, out, 2);
    cli_table_free(t);
}

void text_trades(cli_ctx *ctx, const char *from, const ww_result *r)
{
    const ww_model *m = ctx->model;
    const cli_args *a = ctx->args;
    ww_evaluation ev;
    memset(&ev, 0, sizeof ev);
    const int *ref = ww_result_reference(r, &ev);
    if (ref) {
        char *s = cli_package_str(m, ref);
        printf("reference (%s): %s\n", from, s);
        free(s);
        printf("  buyer %s, seller %s, joint %s%s\n", cli_num(ev.buyer),
               cli_num(ev.seller), cli_num(ev.joint),
               ev.admissible ? "" : " (not admissible itself)");
    }
    int n = ww_result_count(r);
    char rule[160];
    snprintf(rule, sizeof rule,
             "at most %d changed term%s, buyer no worse, seller %s",
             a->max_changes, a->max_changes == 1 ? "" : "s",
             a->concede > 0 ? "" : "no worse");
    if (a->concede > 0)
        snprintf(rule + strlen(rule), sizeof rule - strlen(rule),
                 "at most %s worse", cli_num(a->concede));
    ww_diagnosis diag;
    if (n == 0) {
        if (ww_result_outcome(r) == WW_OUTCOME_OPTIMAL ||
            (ww_result_diagnosis(r, &diag) == WW_OK &&
             diag.cause == WW_CAUSE_QUERY))
            printf("no trade: no admissible package has %s\n", rule);
        else
            text_status_line(r, "trade", stdout);
        return;
    }
    printf("%d trade%s (%s), joint value descending (%s)\n", n,
           n == 1 ? "" : "s", rule, outcome_word(r));
    if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT)
        text_status_line(r, "trades", stdout);
    for (int k = 0; k < n; k++) {
        double ub = ww_result_buyer(r, k), us = ww_result_seller(r, k);
        printf("\ntrade %d: joint %s (%s), buyer %s (%s), seller %s (%s)\n",
               k + 1, cli_num(ww_result_joint(r, k)),
               cli_delta(ww_result_joint(r, k) - ev.joint), cli_num(ub),
               cli_delta(ub - ev.buyer), cli_num(us),
               cli_delta(us - ev.seller));
        if (ref)
            changes_table(m, ref, ww_result_package(r, k), ub - ev.buyer,
                          us - ev.seller, stdout);
    }
}

char *cli_violation_text(cli_ctx *ctx, const int *pkg,
                         const ww_evaluation *ev)
{
    const ww_model *m = ctx->model;
    char buf[2048];
    buf[0] = '\0';
    switch (ev->violation) {
    case WW_VIOLATES_NOTHING:
        break;
    case WW_VIOLATES_FORBID: {
        int n = ww_model_constraint_forbid(m, ev->constraint, NULL, 0);
        ww_condition conds[64];
        if (n > 64)
            n = 64;
        if (n > 0)
            ww_model_constraint_forbid(m, ev->constraint, conds, n);
        size_t len = (size_t)snprintf(buf, sizeof buf,
                                      "constraint %d forbids ",
                                      ev->constraint + 1);
        for (int i = 0; i < n && len < sizeof buf; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s=%s",
                                    i ? ", " : "",
                                    ww_model_term_name(m, conds[i].term),
                                    ww_model_level_label(m, conds[i].term,
                                                         pkg[conds[i].term]));
        break;
    }
    case WW_VIOLATES_LINEAR: {
        const int *terms;
        const double *coefs;
        double mn, mx, act = 0;
        int n = ww_model_constraint_linear(m, ev->constraint, &terms, &coefs,
                                           &mn, &mx);
        size_t len = (size_t)snprintf(buf, sizeof buf, "constraint %d: ",
                                      ev->constraint + 1);
        for (int i = 0; i < n && len < sizeof buf; i++) {
            double v = 0;
            ww_model_level_value(m, terms[i], pkg[terms[i]], &v);
            act += coefs[i] * v;
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s*%s",
                                    i ? " + " : "", cli_num(coefs[i]),
                                    ww_model_term_name(m, terms[i]));
        }
        if (len < sizeof buf) {
            if (act > mx)
                snprintf(buf + len, sizeof buf - len,
                         " = %s is above the maximum %s", cli_num(act),
                         cli_num(mx));
            else
                snprintf(buf + len, sizeof buf - len,
                         " = %s is below the minimum %s", cli_num(act),
                         cli_num(mn));
        }
        break;
    }
    case WW_VIOLATES_BUYER_RESERVATION:
    case WW_VIOLATES_SELLER_RESERVATION: {
        ww_party p = ev->violation == WW_VIOLATES_BUYER_RESERVATION
                         ? WW_BUYER : WW_SELLER;
        double res = 0;
        ww_model_reservation(m, p, &res);
        snprintf(buf, sizeof buf, "%s utility %s is below the %s reservation %s",
                 p == WW_BUYER ? "buyer" : "seller",
                 cli_num(p == WW_BUYER ? ev->buyer : ev->seller),
                 p == WW_BUYER ? "buyer's" : "seller's", cli_num(res));
        break;
    }
    case WW_VIOLATES_BUDGET: {
        double budget = 0;
        if (ctx->args && ctx->args->has_budget)
            budget = ctx->args->budget;
        else
            ww_model_budget(m, &budget);
        double opening = ev->seller + ev->concession;
        snprintf(buf, sizeof buf,
                 "seller utility %s is below the budget floor %s (opening "
                 "%s minus concession budget %s)",
                 cli_num(ev->seller), cli_num(opening - budget),
                 cli_num(opening), cli_num(budget));
        break;
    }
    }
    return cli_xstrdup(buf);
}

void text_evaluate(cli_ctx *ctx, const char *offer, const int *pkg,
                   const ww_evaluation *ev, const ww_result *r,
                   const ww_result *best)
{
    const ww_model *m = ctx->model;
    char *s = cli_package_str(m, pkg);
    printf("offer (%s): %s\n", offer, s);
    free(s);
    text_package_table(m, pkg, ev->buyer, ev->seller, stdout);
    joint_line(m, ev->joint, stdout);
    printf("feasible:    %s\n", ev->feasible ? "yes" : "no");
    if (ev->admissible) {
        printf("admissible:  yes\n");
    } else {
        char *v = cli_violation_text(ctx, pkg, ev);
        printf("admissible:  no: %s\n", v);
        free(v);
    }
    if (ev->has_concession)
        printf("concession:  %s (seller utility given up versus the opening, "
               "%s)\n",
               cli_num(ev->concession), cli_num(ev->seller + ev->concession));
    else
        printf("concession:  n/a (the model has no opening)\n");
    if (ev->has_value_left) {
        printf("value left:  %s (joint value of the best package", cli_num(ev->value_left));
        if (best && ww_result_count(best) > 0)
            printf(", %s", cli_num(ww_result_joint(best, 0)));
        printf(", minus this one's)\n");
    } else if (r) {
        text_status_line(r, "admissible package", stdout);
    }
    if (ev->has_improvement && r && ww_result_count(r) > 0) {
        const int *q = ww_result_package(r, 0);
        double ub = ww_result_buyer(r, 0), us = ww_result_seller(r, 0);
        printf("better for both: buyer %s (%s), seller %s (%s), joint %s\n",
               cli_num(ub), cli_delta(ub - ev->buyer), cli_num(us),
               cli_delta(us - ev->seller), cli_num(ww_result_joint(r, 0)));
        changes_table(m, pkg, q, ub - ev->buyer, us - ev->seller, stdout);
    } else if (ev->has_value_left) {
        printf("better for both: none (no admissible package beats it for "
               "one party without hurting the other)\n");
    }
}

void text_meso(cli_ctx *ctx, const ww_result *r)
{
    int n = ww_result_count(r);
    if (n == 0) {
        text_status_line(r, "offer", stdout);
        return;
    }
    printf("%d equivalent offer%s for the seller (%s)", n, n == 1 ? "" : "s",
           outcome_word(r));
    if (n > 1)
        printf(", any two differ in at least %d term%s",
               ww_result_diversity(r), ww_result_diversity(r) == 1 ? "" : "s");
    printf("\n");
    double target, band;
    if (ww_result_band(r, &target, &band)) {
        printf("seller utility target %s%s", cli_num(target),
               ctx->args->has_target ? "" : " (the best package's)");
        printf(", band %s%s\n", cli_num(band),
               ctx->args->has_band ? ""
                                   : " (5% of the seller's utility range)");
    }
    if (ww_result_outcome(r) == WW_OUTCOME_TIME_LIMIT)
        text_status_line(r, "offers", stdout);
    packages_table(ctx->model, r, stdout);
}

static void party_line(const ww_model *m, ww_party p)
{
    double res;
    const char *name = ww_model_party_name(m, p);
    printf("  %-7s %s", p == WW_BUYER ? "buyer:" : "seller:",
           name && name[0] ? name : "(unnamed)");
    if (ww_model_reservation(m, p, &res))
        printf(", reservation %s", cli_num(res));
    else
        printf(", no reservation");
    printf(", weight %s\n", cli_num(ww_model_weight(m, p)));
}

static void reference_line(cli_ctx *ctx, const char *what, const int *pkg)
{
    ww_evaluation ev;
    char *s = cli_package_str(ctx->model, pkg);
    printf("  %s: %s\n", what, s);
    free(s);
    if (ww_model_evaluate(ctx->model, pkg, &ev) != WW_OK)
        return;
    printf("    buyer %s, seller %s, joint %s, ", cli_num(ev.buyer),
           cli_num(ev.seller), cli_num(ev.joint));
    if (ev.admissible) {
        printf("admissible\n");
    } else {
        char *v = cli_violation_text(ctx, pkg, &ev);
        printf("not admissible: %s\n", v);
        free(v);
    }
}

void text_check(cli_ctx *ctx)
{
    const ww_model *m = ctx->model;
    const char *name = ww_model_name(m);
    int nt = ww_model_term_count(m), nl = 0;
    for (int i = 0; i < nt; i++)
        nl += ww_model_level_count(m, i);
    printf("%s: valid winwin/1 model%s%s%s\n", ctx->args->model_path,
           name ? " \"" : "", name ? name : "", name ? "\"" : "");
    party_line(m, WW_BUYER);
    party_line(m, WW_SELLER);
    int ni = ww_model_interaction_count(m), nc = ww_model_constraint_count(m);
    printf("  %d term%s, %d levels, %s packages, %d interaction%s, "
           "%d constraint%s\n",
           nt, nt == 1 ? "" : "s", nl, cli_num(ww_model_package_count(m)), ni,
           ni == 1 ? "" : "s", nc, nc == 1 ? "" : "s");
    cli_table *t = cli_table_new(4);
    cli_table_right(t, 2);
    cli_table_row(t);
    cli_table_cell(t, "term");
    cli_table_cell(t, "unit");
    cli_table_cell(t, "levels");
    cli_table_cell(t, "labels");
    for (int i = 0; i < nt; i++) {
        int n = ww_model_level_count(m, i);
        char labels[512];
        size_t len = 0;
        labels[0] = '\0';
        for (int k = 0; k < n && len < sizeof labels; k++) {
            /* Long ranges: the first three, "...", the last. */
            if (n > 6 && k == 3) {
                len += (size_t)snprintf(labels + len, sizeof labels - len,
                                        ", ...");
                k = n - 2;
                continue;
            }
            len += (size_t)snprintf(labels + len, sizeof labels - len,
                                    "%s%s", k ? ", " : "",
                                    ww_model_level_label(m, i, k));
        }
        const char *unit = ww_model_term_unit(m, i);
        cli_table_row(t);
        cli_table_cell(t, "%s", ww_model_term_name(m, i));
        cli_table_cell(t, "%s", unit ? unit : "");
        cli_table_cell(t, "%d", n);
        cli_table_cell(t, "%s", labels);
    }
    cli_table_print(t, stdout, 2);
    cli_table_free(t);
    if (ww_model_opening(m))
        reference_line(ctx, "opening", ww_model_opening(m));
    if (ww_model_counter(m))
        reference_line(ctx, "counter", ww_model_counter(m));
    double b;
    if (ww_model_budget(m, &b)) {
        ww_evaluation ev;
        if (ww_model_opening(m) &&
            ww_model_evaluate(ctx->model, ww_model_opening(m), &ev) == WW_OK)
            printf("  concession budget: %s (seller utility at least %s)\n",
                   cli_num(b), cli_num(ev.seller - b));
        else
            printf("  concession budget: %s\n", cli_num(b));
    }
    int nw = ww_model_warning_count(m);
    if (nw == 0)
        printf("  warnings: none\n");
    for (int i = 0; i < nw; i++)
        printf("  warning: %s\n", ww_model_warning(m, i));
}

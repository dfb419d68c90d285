/* proposal: a written proposal in Markdown for one package.
 *
 * Terms are sorted into the usual sections of a commercial proposal by
 * their names (scope, delivery, cost, payment); terms that fit none go under
 * "Other terms".  Given the opening, the proposal also says what the client
 * gains and what the seller conceded and got in exchange. */
#include "cli.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A growing string. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            cli_error("out of memory");
            exit(CLI_EXIT_INVALID);
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Markdown table cells must not contain '|' or newlines. */
static const char *cell(const char *s)
{
    static char buf[4][512];
    static int next;
    char *o = buf[next = (next + 1) % 4];
    size_t k = 0;
    for (; *s && k + 3 < sizeof buf[0]; s++) {
        if (*s == '|') {
            o[k++] = '\\';
            o[k++] = '|';
        } else {
            o[k++] = (*s == '\n' || *s == '\r') ? ' ' : *s;
        }
    }
    o[k] = '\0';
    return o;
}

enum { SEC_SCOPE, SEC_DELIVERY, SEC_COST, SEC_PAYMENT, SEC_OTHER, NSEC };

static const char *const sec_title[NSEC] = {
    "Product and scope", "Delivery schedule", "Cost", "Payment schedule",
    "Other terms"};

/* Keywords per section, checked in this order (payment before cost, so
 * "payment" is not read as a price; delivery before scope). */
static const char *const kw_payment[] = {"payment", "pay", "invoice", "billing",
                                         "deposit", "instal", "credit", "net ",
                                         "upfront", NULL};
static const char *const kw_cost[] = {"price", "fee", "cost", "rate", "discount",
                                      "rebate", "budget", "tariff", "charge",
                                      "amount", NULL};
static const char *const kw_delivery[] = {"deliver", "timeline", "schedule",
                                          "lead time", "date", "deadline",
                                          "milestone", "duration", "length",
                                          "start", "week", "month", "period",
                                          "term", "shipping", NULL};
static const char *const kw_scope[] = {"scope", "product", "seat", "volume",
                                       "quantity", "tier", "support", "licen",
                                       "edition", "service", "module",
                                       "feature", "sla", "warranty", "user",
                                       "unit", "training", "capacity", NULL};

static int has_kw(const char *name, const char *const *kw)
{
    char low[256];
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof low; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[i] = '\0';
    for (; *kw; kw++)
        if (strstr(low, *kw))
            return 1;
    return 0;
}

static int section_of(const char *name)
{
    if (has_kw(name, kw_payment))
        return SEC_PAYMENT;
    if (has_kw(name, kw_cost))
        return SEC_COST;
    if (has_kw(name, kw_delivery))
        return SEC_DELIVERY;
    if (has_kw(name, kw_scope))
        return SEC_SCOPE;
    return SEC_OTHER;
}

/* "110k" or "50 USD", plus the value with its unit when it adds something. */
static void level_text(sbuf *b, const ww_model *m, int t, int l)
{
    const char *label = ww_model_level_label(m, t, l);
    const char *unit = ww_model_term_unit(m, t);
    double v;
    sb_printf(b, "%s", label);
    if (ww_model_level_value(m, t, l, &v) && !ww_model_term_range(m, t, NULL, NULL, NULL, NULL, NULL)) {
        const char *num = cli_num(v);
        if (!strstr(label, num))
            sb_printf(b, " (%s%s%s)", num, unit ? " " : "", unit ? unit : "");
    }
}

char *proposal_markdown(cli_ctx *ctx, const int *pkg, const char *offer,
                        int proven)
{
    ww_model *m = ctx->model;
    int nt = ww_model_term_count(m);
    const char *title = ww_model_name(m);
    const char *buyer = ww_model_party_name(m, WW_BUYER);
    const char *seller = ww_model_party_name(m, WW_SELLER);
    if (!buyer || !buyer[0])
        buyer = "Buyer";
    if (!seller || !seller[0])
        seller = "Seller";
    const int *open = ww_model_opening(m);
    sbuf b = {NULL, 0, 0};
    ww_evaluation ev, eo;
    memset(&ev, 0, sizeof ev);
    memset(&eo, 0, sizeof eo);
    ww_model_evaluate(m, pkg, &ev);
    if (open)
        ww_model_evaluate(m, open, &eo);

    sb_printf(&b, "# Proposal: %s\n\n", title ? title : "negotiated agreement");
    sb_printf(&b, "**From:** %s  \n**To:** %s  \n", seller, buyer);
    if (!proven)
        sb_printf(&b, "**Basis:** the best joint-value package found within "
                      "the time limit (not proven best)\n\n");
    else
        sb_printf(&b, "**Basis:** %s package\n\n",
                  !strcmp(offer, "best") ? "the best joint-value"
                  : !strcmp(offer, "opening") ? "the opening"
                  : !strcmp(offer, "counter") ? "the counter-offer"
                                              : "the proposed");

    sb_printf(&b, "## Summary\n\n");
    sb_printf(&b, "%s proposes to %s the following terms", seller, buyer);
    if (open) {
        int changed = 0;
        for (int i = 0; i < nt; i++)
            changed += ww_model_level_buyer(m, i, pkg[i]) >
                       ww_model_level_buyer(m, i, open[i]) + 1e-9;
        if (changed)
            sb_printf(&b, ", which improve on our opening offer in %d of %d "
                          "terms for %s", changed, nt, buyer);
    }
    sb_printf(&b, ".");
    if (!ev.admissible)
        sb_printf(&b, " (Note: this package does not meet every stated "
                      "limit of the negotiation.)");
    sb_printf(&b, "\n\n");

    /* The sections with their terms. */
    int any = 0;
    for (int s = 0; s < SEC_OTHER; s++)
        for (int i = 0; i < nt; i++)
            any |= section_of(ww_model_term_name(m, i)) == s;
    if (any) {
        for (int s = 0; s < NSEC; s++) {
            int first = 1;
            for (int i = 0; i < nt; i++) {
                if (section_of(ww_model_term_name(m, i)) != s)
                    continue;
                if (first)
                    sb_printf(&b, "## %s\n\n", sec_title[s]);
                first = 0;
                sb_printf(&b, "- **%s**: ", ww_model_term_name(m, i));
                level_text(&b, m, i, pkg[i]);
                sb_printf(&b, "\n");
            }
            if (!first)
                sb_printf(&b, "\n");
        }
    }

    /* Every term at a glance. */
    sb_printf(&b, "## Terms\n\n| Term | Proposed level |%s\n|---|---|%s\n",
              open ? " Opening offer |" : "", open ? "---|" : "");
    for (int i = 0; i < nt; i++) {
        sb_printf(&b, "| %s | %s |", cell(ww_model_term_name(m, i)),
                  cell(ww_model_level_label(m, i, pkg[i])));
        if (open)
            sb_printf(&b, " %s |", cell(ww_model_level_label(m, i, open[i])));
        sb_printf(&b, "\n");
    }
    sb_printf(&b, "\n");

    sb_printf(&b, "## Advantages to %s\n\n", buyer);
    if (!open) {
        sb_printf(&b, "There is no opening offer to compare with; the terms "
                      "above are the proposal.\n\n");
    } else {
        int n = 0;
        for (int i = 0; i < nt; i++) {
            double db = ww_model_level_buyer(m, i, pkg[i]) -
                        ww_model_level_buyer(m, i, open[i]);
            if (db <= 1e-9)
                continue;
            sb_printf(&b, "- **%s**: %s instead of %s (worth %s to you)\n",
                      ww_model_term_name(m, i),
                      ww_model_level_label(m, i, pkg[i]),
                      ww_model_level_label(m, i, open[i]), cli_delta(db));
            n++;
        }
        if (!n)
            sb_printf(&b, "- This proposal keeps the terms of our opening "
                          "offer.\n");
        sb_printf(&b, "\nOverall value to %s: %s, against %s for the opening "
                      "offer (%s).\n\n",
                  buyer, cli_num(ev.buyer), cli_num(eo.buyer),
                  cli_delta(ev.buyer - eo.buyer));

        sb_printf(&b, "## Concessions and exchange\n\n");
        sb_printf(&b, "Compared with the opening offer, per term (utility "
                      "change for each party):\n\n");
        sb_printf(&b, "| Term | Opening | Proposal | %s | %s |\n"
                      "|---|---|---|---:|---:|\n",
                  cell(buyer), cell(seller));
        for (int i = 0; i < nt; i++) {
            if (pkg[i] == open[i])
                continue;
            sb_printf(&b, "| %s | %s | %s | %s | %s |\n",
                      cell(ww_model_term_name(m, i)),
                      cell(ww_model_level_label(m, i, open[i])),
                      cell(ww_model_level_label(m, i, pkg[i])),
                      cli_delta(ww_model_level_buyer(m, i, pkg[i]) -
                                ww_model_level_buyer(m, i, open[i])),
                      cli_delta(ww_model_level_seller(m, i, pkg[i]) -
                                ww_model_level_seller(m, i, open[i])));
        }
        /* A change is the seller's concession when it costs the seller, or
         * gives the buyer something at no cost; it is the seller's gain
         * when it pays the seller, or costs the buyer something at no gain. */
        double lb, ls, ob, os;
        cli_level_sums(m, pkg, &lb, &ls);
        cli_level_sums(m, open, &ob, &os);
        double inter = (ev.seller - ls) - (eo.seller - os);
        for (int side = 0; side < 2; side++) {
            int count = 0;
            if (side == 0)
                sb_printf(&b, "\n**%s conceded:**\n\n", seller);
            else
                sb_printf(&b, "\n**In exchange, %s gets:**\n\n", seller);
            for (int i = 0; i < nt; i++) {
                if (pkg[i] == open[i])
                    continue;
                double ds = ww_model_level_seller(m, i, pkg[i]) -
                            ww_model_level_seller(m, i, open[i]);
                double db = ww_model_level_buyer(m, i, pkg[i]) -
                            ww_model_level_buyer(m, i, open[i]);
                int concession = ds < -1e-9 || (ds <= 1e-9 && db > 1e-9);
                int gain = ds > 1e-9 || (ds >= -1e-9 && db < -1e-9);
                if (side == 0 ? !concession : !gain)
                    continue;
                sb_printf(&b, "- %s: %s instead of %s (%s for %s, %s for %s)\n",
                          ww_model_term_name(m, i),
                          ww_model_level_label(m, i, pkg[i]),
                          ww_model_level_label(m, i, open[i]), cli_delta(ds),
                          seller, cli_delta(db), buyer);
                count++;
            }
            if ((side == 0 && inter < -1e-9) || (side == 1 && inter > 1e-9)) {
                sb_printf(&b, "- combined effect of the terms together: %s "
                              "for %s\n", cli_delta(inter), seller);
                count++;
            }
            if (!count)
                sb_printf(&b, side == 0 ? "- nothing\n"
                                        : "- the agreement itself: every "
                                          "change above favors %s\n",
                          buyer);
        }
        sb_printf(&b, "\nNet for %s: %s (%s against the opening's %s).\n\n",
                  seller, cli_num(ev.seller), cli_delta(ev.seller - eo.seller),
                  cli_num(eo.seller));
    }

    sb_printf(&b, "## Value\n\n| | %s | %s | Joint |\n|---|---:|---:|---:|\n",
              cell(buyer), cell(seller));
    sb_printf(&b, "| This proposal | %s | %s | %s |\n", cli_num(ev.buyer),
              cli_num(ev.seller), cli_num(ev.joint));
    if (open)
        sb_printf(&b, "| Opening offer | %s | %s | %s |\n", cli_num(eo.buyer),
                  cli_num(eo.seller), cli_num(eo.joint));
    const char *unit = ww_model_unit(m);
    sb_printf(&b, "\nUtilities in %s; higher is better for that party.\n",
              unit ? unit : "points");
    if (!b.s)
        return cli_xstrdup("");
    return b.s;
}

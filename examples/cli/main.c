/* winwin COMMAND MODEL [options]: command dispatch, options, exit codes.
 *
 * Exit status (spec section 4): 0 when an answer was computed (also when
 * there is no agreement zone), 1 when the model or an option value is
 * invalid, 2 on a usage error.  Every message goes to stderr. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Which option groups a command accepts. */
enum {
    OPT_COMMON = 1,   /* --json --time-limit --budget --no-limits
                         --path                                   */
    OPT_TRADES = 2,   /* --from --max-changes --top --concede     */
    OPT_OFFER = 4,    /* --offer                                  */
    OPT_MESO = 8,     /* --count --target --band                  */
    OPT_FRONTIER = 16, /* --svg --max-points                      */
    OPT_JSON = 32     /* --json alone (check)                     */
};

typedef struct command_info {
    const char *name;
    cli_command cmd;
    int options;
    const char *summary;
    const char *usage;
    const char *details;
} command_info;

#define COMMON_HELP                                                          \
    "  --json               print one JSON document on stdout\n"             \
    "  --time-limit SECONDS stop after this long and report the best answer\n" \
    "                       found so far (status time_limit); 0 = no limit\n" \
    "  --budget X           seller's concession budget (overrides the file)\n" \
    "  --no-limits          ignore both reservations and the budget\n"     \
    "  --path METHOD        auto (default), dp, mip or enum: force the exact\n" \
    "                       method (one that does not serve the model is an\n" \
    "                       error); --json's stats.path names the one used\n"

static const command_info commands[] = {
    {"check", CMD_CHECK, OPT_JSON, "validate a model and summarize it",
     "winwin check MODEL [--json]",
     "Loads MODEL, reports its terms, levels, number of packages, the\n"
     "opening and counter, and the loader's warnings.  Exit status 1 and the\n"
     "position of the problem (file:line:col: path: message) when invalid.\n"
     "\nOptions:\n"
     "  --json               print one JSON document on stdout\n"},
    {"best", CMD_BEST, OPT_COMMON, "the package of maximum joint value",
     "winwin best MODEL [options]",
     "Finds an admissible package of maximum J = w_b*U_b + w_s*U_s (ties:\n"
     "higher seller utility) and shows each term's level with its buyer and\n"
     "seller utility.\n\nOptions:\n" COMMON_HELP},
    {"frontier", CMD_FRONTIER, OPT_COMMON | OPT_FRONTIER,
     "the exact Pareto frontier",
     "winwin frontier MODEL [options] [--svg FILE] [--max-points N]",
     "Lists every non-dominated (buyer, seller) point of the admissible\n"
     "packages, one package per point, seller utility descending.\n"
     "\nOptions:\n" COMMON_HELP
     "  --svg FILE           also draw the frontier as an SVG chart\n"
     "  --max-points N       stop after the first N points (seller utility\n"
     "                       descending); the answer is then not proven\n"
     "                       complete (status time_limit)\n"},
    {"nash", CMD_NASH, OPT_COMMON, "the Nash bargaining solution",
     "winwin nash MODEL [options]",
     "Maximizes (U_b - d_b)(U_s - d_s), d = the reservations (or the lowest\n"
     "feasible utility of a party without one).\n\nOptions:\n" COMMON_HELP},
    {"kalai", CMD_KALAI, OPT_COMMON, "the Kalai-Smorodinsky solution",
     "winwin kalai MODEL [options]",
     "Maximizes the smaller of both parties' share of the way from the\n"
     "disagreement point d to their ideal utility.\n\nOptions:\n" COMMON_HELP},
    {"trades", CMD_TRADES, OPT_COMMON | OPT_TRADES,
     "win-win trades from a reference package",
     "winwin trades MODEL [--from opening|counter|PACKAGE.json] [options]",
     "Packages that change at most K terms of the reference, leave the buyer\n"
     "no worse and the seller at most C worse, highest joint value first.\n"
     "\nOptions:\n" COMMON_HELP
     "  --from REF           opening, counter (default) or a PACKAGE.json file\n"
     "                       mapping every term to a label\n"
     "  --max-changes K      at most K changed terms (default 2)\n"
     "  --top N              show up to N trades (default 5)\n"
     "  --concede C          seller utility the seller may give up (default 0)\n"},
    {"evaluate", CMD_EVALUATE, OPT_COMMON | OPT_OFFER,
     "evaluate one package",
     "winwin evaluate MODEL [--offer opening|counter|PACKAGE.json] [options]",
     "Utilities, feasibility and admissibility (and what is broken), the\n"
     "seller's concession versus the opening, the value left on the table and\n"
     "a package better for both when one exists.\n"
     "\nOptions:\n" COMMON_HELP
     "  --offer REF          opening (default), counter or a PACKAGE.json file\n"},
    {"meso", CMD_MESO, OPT_COMMON | OPT_MESO,
     "multiple equivalent simultaneous offers",
     "winwin meso MODEL [--count N] [--target T] [--band W] [options]",
     "N admissible packages worth about the same to the seller (U_s in\n"
     "[T - W, T]), as different from each other as possible, each as good as\n"
     "possible for the buyer.\n\nOptions:\n" COMMON_HELP
     "  --count N            number of offers (default 3)\n"
     "  --target T           seller utility of the offers (default: best's)\n"
     "  --band W             width of the band (default: 5% of the seller's\n"
     "                       utility range over the feasible packages)\n"},
    {"proposal", CMD_PROPOSAL, OPT_COMMON | OPT_OFFER,
     "write a Markdown proposal for a package",
     "winwin proposal MODEL [--offer opening|counter|PACKAGE.json] [options]",
     "Writes a proposal in Markdown for the package (default: best): parties,\n"
     "scope, delivery, cost, payment, every term's level, the advantages to\n"
     "the client and, given the opening, what the seller conceded and what it\n"
     "got in exchange.\n\nOptions:\n" COMMON_HELP
     "  --offer REF          opening, counter or a PACKAGE.json file\n"
     "                       (default: the best package)\n"},
    {"import-genius", CMD_IMPORT_GENIUS, 0,
     "convert a Genius domain and two profiles to winwin/1",
     "winwin import-genius DOMAIN.xml BUYER.xml SELLER.xml",
     "Writes the winwin/1 JSON model on stdout; warnings go to stderr.\n"},
};

#define NCOMMANDS ((int)(sizeof commands / sizeof commands[0]))

static const command_info *find_command(const char *name)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void program_help(FILE *out)
{
    fputs("Usage: winwin COMMAND MODEL [options]\n"
          "Find win-win trades in a sales negotiation (winwin/1 models).\n\n"
          "Commands:\n",
          out);
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fputs("\nMODEL is a winwin/1 JSON file (\"-\" reads standard input).\n"
          "'winwin help COMMAND' or 'winwin COMMAND --help' shows a command's\n"
          "options; 'winwin --version' the version.\n\n"
          "Exit status: 0 answer computed (also when there is no agreement\n"
          "zone), 1 invalid model or option value (or the output could not\n"
          "be written), 2 usage error.\n",
          out);
}

static void command_help(const command_info *c, FILE *out)
{
    /* The summary starts lowercase for the command list. */
    fprintf(out, "Usage: %s\n%c%s.\n\n%s", c->usage,
            toupper((unsigned char)c->summary[0]), c->summary + 1, c->details);
}

static int usage_error(const command_info *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(const command_info *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs(c ? "winwin " : "winwin: ", stderr);
    if (c)
        fprintf(stderr, "%s: ", c->name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (c)
        fprintf(stderr, "\nUsage: %s\nTry 'winwin help %s'.\n", c->usage,
                c->name);
    else
        fputs("\nUsage: winwin COMMAND MODEL [options]\n"
              "Try 'winwin --help'.\n",
              stderr);
    return CLI_EXIT_USAGE;
}

/* Option values: a bad value is an invalid option value (exit 1). */

/* s is a decimal number as JSON writes one, a leading '+' allowed:
 * strtod alone also takes leading spaces, hexadecimal ("0x10" is 16),
 * "inf" and "nan". */
static int plain_number(const char *s, int whole)
{
    const char *p = s + (*s == '-' || *s == '+');
    int digits = 0;
    while (isdigit((unsigned char)*p))
        p++, digits++;
    if (!whole && *p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (!digits)
        return 0;
    if (!whole && (*p == 'e' || *p == 'E')) {
        p += 1 + (p[1] == '-' || p[1] == '+');
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == 0;
}

static int parse_double(const char *opt, const char *s, double min,
                        double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!plain_number(s, 0) || end == s || *end || errno || !isfinite(v) ||
        v < min) {
        cli_error("%s: invalid value '%s': expected a number >= %s", opt, s,
                  cli_num(min));
        return 0;
    }
    *out = v;
    return 1;
}

static int parse_real(const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!plain_number(s, 0) || end == s || *end || errno || !isfinite(v)) {
        cli_error("%s: invalid value '%s': expected a number", opt, s);
        return 0;
    }
    *out = v;
    return 1;
}

static int parse_int(const char *opt, const char *s, int min, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!plain_number(s, 1) || end == s || *end || errno || v < min ||
        v > INT_MAX) {
        cli_error("%s: invalid value '%s': expected a whole number from %d "
                  "to %d", opt, s, min, INT_MAX);
        return 0;
    }
    *out = (int)v;
    return 1;
}

typedef struct option_info {
    const char *name;
    int group;
    int has_value;
} option_info;

static const option_info options[] = {
    {"--json", OPT_COMMON | OPT_JSON, 0},
    {"--time-limit", OPT_COMMON, 1},
    {"--budget", OPT_COMMON, 1},
    {"--no-limits", OPT_COMMON, 0},
    {"--from", OPT_TRADES, 1},
    {"--max-changes", OPT_TRADES, 1},
    {"--top", OPT_TRADES, 1},
    {"--concede", OPT_TRADES, 1},
    {"--offer", OPT_OFFER, 1},
    {"--count", OPT_MESO, 1},
    {"--target", OPT_MESO, 1},
    {"--band", OPT_MESO, 1},
    {"--svg", OPT_FRONTIER, 1},
    {"--max-points", OPT_FRONTIER, 1},
    {"--path", OPT_COMMON, 1},
};

/* Stores one option; returns -1 when fine, else an exit code. */
static int set_option(cli_args *a, const char *name, const char *v)
{
    if (!strcmp(name, "--json"))
        a->json = 1;
    else if (!strcmp(name, "--no-limits"))
        a->no_limits = 1;
    else if (!strcmp(name, "--time-limit")) {
        if (!parse_double(name, v, 0.0, &a->time_limit))
            return CLI_EXIT_INVALID;
    } else if (!strcmp(name, "--budget")) {
        if (!parse_double(name, v, 0.0, &a->budget))
            return CLI_EXIT_INVALID;
        a->has_budget = 1;
    } else if (!strcmp(name, "--from"))
        a->from = v;
    else if (!strcmp(name, "--max-changes")) {
        if (!parse_int(name, v, 1, &a->max_changes))
            return CLI_EXIT_INVALID;
    } else if (!strcmp(name, "--top")) {
        if (!parse_int(name, v, 1, &a->top))
            return CLI_EXIT_INVALID;
    } else if (!strcmp(name, "--concede")) {
        if (!parse_double(name, v, 0.0, &a->concede))
            return CLI_EXIT_INVALID;
    } else if (!strcmp(name, "--offer"))
        a->offer = v;
    else if (!strcmp(name, "--count")) {
        if (!parse_int(name, v, 1, &a->count))
            return CLI_EXIT_INVALID;
    } else if (!strcmp(name, "--target")) {
        if (!parse_real(name, v, &a->target))
            return CLI_EXIT_INVALID;
        a->has_target = 1;
    } else if (!strcmp(name, "--band")) {
        if (!parse_double(name, v, 0.0, &a->band))
            return CLI_EXIT_INVALID;
        a->has_band = 1;
    } else if (!strcmp(name, "--max-points")) {
        if (!parse_int(name, v, 1, &a->max_points))
            return CLI_EXIT_INVALID;
    } else if (!strcmp(name, "--path")) {
        static const ww_path paths[] = {WW_PATH_AUTO, WW_PATH_DP, WW_PATH_MIP,
                                        WW_PATH_ENUM};
        int k = 0;
        while (k < 4 && strcmp(v, ww_path_str(paths[k])))
            k++;
        if (k == 4) {
            cli_error("--path: invalid value '%s': expected auto, dp, mip or "
                      "enum", v);
            return CLI_EXIT_INVALID;
        }
        a->path = paths[k];
    } else if (!strcmp(name, "--svg")) {
        if (!v[0]) {
            cli_error("--svg: invalid value '': expected a file name");
            return CLI_EXIT_INVALID;
        }
        a->svg = v;
    }
    if ((!strcmp(name, "--from") || !strcmp(name, "--offer")) && !v[0]) {
        cli_error("%s: invalid value '': expected opening, counter or a "
                  "package file",
                  name);
        return CLI_EXIT_INVALID;
    }
    return -1;
}

/* Parses the words after the command.  Returns -1 to run, else an exit
 * status (0 after --help). */
static int parse_command(const command_info *c, int argc, char **argv,
                         cli_args *a)
{
    const char *pos[4];
    int npos = 0, want = c->cmd == CMD_IMPORT_GENIUS ? 3 : 1;
    int only_positional = 0;

    /* --help anywhere wins, as long as it is not an option's value. */
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            command_help(c, stdout);
            return CLI_EXIT_OK;
        }
    }
    for (int i = 0; i < argc; i++) {
        const char *w = argv[i];
        if (only_positional || w[0] != '-' || !strcmp(w, "-")) {
            if (npos == 4 || npos >= want)
                return usage_error(c, "unexpected argument '%s'", w);
            pos[npos++] = w;
            continue;
        }
        if (!strcmp(w, "--")) {
            only_positional = 1;
            continue;
        }
        /* --name=value or --name value */
        char name[64];
        const char *eq = strchr(w, '=');
        size_t len = eq ? (size_t)(eq - w) : strlen(w);
        if (len >= sizeof name)
            return usage_error(c, "unknown option '%s'", w);
        memcpy(name, w, len);
        name[len] = '\0';
        const option_info *o = NULL;
        for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
            if (!strcmp(options[k].name, name) &&
                (options[k].group & c->options))
                o = &options[k];
        if (!o)
            return usage_error(c, "unknown option '%s'", name);
        const char *v = NULL;
        if (o->has_value) {
            if (eq)
                v = eq + 1;
            else if (i + 1 < argc)
                v = argv[++i];
            else
                return usage_error(c, "option %s needs a value", name);
        } else if (eq) {
            return usage_error(c, "option %s takes no value", name);
        }
        int rc = set_option(a, name, v);
        if (rc >= 0)
            return rc;
    }
    if (npos < want) {
        if (c->cmd == CMD_IMPORT_GENIUS) {
            static const char *what[] = {"DOMAIN.xml", "BUYER.xml",
                                         "SELLER.xml"};
            return usage_error(c, "missing argument %s", what[npos]);
        }
        return usage_error(c, "missing argument MODEL");
    }
    if (c->cmd == CMD_IMPORT_GENIUS)
        for (int k = 0; k < 3; k++)
            a->genius[k] = pos[k];
    else
        a->model_path = pos[0];
    return -1;
}

/* rc, unless stdout could not be written (a full disk): text answers,
 * help and import-genius's model go there in pieces, and a write that
 * failed must not pass for an answer. */
static int flushed(int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    if (rc == CLI_EXIT_OK)
        cli_error("cannot write to standard output: %s", strerror(errno));
    return rc == CLI_EXIT_OK ? CLI_EXIT_INVALID : rc;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error(NULL, "missing command");
    const char *word = argv[1];
    if (!strcmp(word, "--help") || !strcmp(word, "-h")) {
        program_help(stdout);
        return flushed(CLI_EXIT_OK);
    }
    if (!strcmp(word, "--version") || !strcmp(word, "-V")) {
        printf("winwin %s (library %s)\n", WW_VERSION_STRING, ww_version());
        return flushed(CLI_EXIT_OK);
    }
    if (!strcmp(word, "help")) {
        if (argc < 3) {
            program_help(stdout);
            return flushed(CLI_EXIT_OK);
        }
        const command_info *c = find_command(argv[2]);
        if (!c)
            return usage_error(NULL, "unknown command '%s'", argv[2]);
        command_help(c, stdout);
        return flushed(CLI_EXIT_OK);
    }
    const command_info *c = find_command(word);
    if (!c) {
        if (word[0] == '-')
            return usage_error(NULL, "unknown option '%s'", word);
        return usage_error(NULL, "unknown command '%s'", word);
    }

    cli_args a;
    memset(&a, 0, sizeof a);
    a.cmd = c->cmd;
    a.cmd_name = c->name;
    a.max_changes = 2;
    a.top = 5;
    a.count = 3;
    int rc = parse_command(c, argc - 2, argv + 2, &a);
    if (rc >= 0)
        return flushed(rc); /* --help */
    return flushed(cmd_run(&a));
}

using System.Collections.Frozen;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;
using Scheduler.Persistence.Completions;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Cli;

/// <summary>
/// A database failure in the middle of a verb — a statement past the command timeout, a lock wait cut short, a server
/// error, the server going away — as one line for the operator: which verb, why, and what the verb had stored by then:
/// <c>estate-scheduler VERB: the database failed: REASON. WHAT WAS STORED; WHAT TO DO.</c> <see cref="CliApp"/> is the
/// backstop that turns any <see cref="NpgsqlException"/> a database verb lets out into that line and exit 1 (never a
/// stack trace); a verb that knows more (apply: its orders committed, its gas booking did not) writes its own line
/// with <see cref="Line"/>. (A database that cannot be reached at all, or is not migrated, is
/// <see cref="Persistence.DatabaseNotReadyException"/>, reported before anything runs.) REASON never quotes a value
/// (<see cref="Describe"/>): a server error that may (a data or integrity error) is named by its condition.
/// </summary>
internal static partial class DatabaseFailure
{
    /// <summary>The database failure in <paramref name="error"/> or what it wraps (EF's update exception, an aggregate), else null.</summary>
    public static NpgsqlException? Find(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException npgsql:
                    return npgsql;
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Select(Find).FirstOrDefault(f => f is not null);
            }
        }

        return null;
    }

    // The SQLSTATE classes whose server messages say what happened to the server, the connection or the transaction and
    // never quote a value: 08 connection exception, 25 invalid transaction state (a read-only standby), 40 transaction
    // rollback (deadlock, serialization), 53 insufficient resources, 55 object not in prerequisite state (lock timeout),
    // 57 operator intervention (statement timeout, session ended, shutdown), 58 system error (I/O). Any other server error
    // (class 22 data exception: `invalid input syntax for type integer: "12 Acacia Avenue"`; 23 integrity, whose detail
    // holds the row; 42, XX, P0 ...) is named by its condition, never its message.
    private static readonly FrozenSet<string> MessageClasses = FrozenSet.Create(StringComparer.Ordinal, "08", "25", "40", "53", "55", "57", "58");

    // PostgreSQL's condition names by SQLSTATE, in words ("22P02" -> "invalid text representation"): Npgsql's list of them.
    private static readonly FrozenDictionary<string, string> Conditions = typeof(PostgresErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (Code: (string)f.GetRawConstantValue()!, Name: Words().Replace(f.Name, " $1").ToLowerInvariant()))
        .DistinctBy(c => c.Code, StringComparer.Ordinal)
        .ToFrozenDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// What went wrong, for an operator, never a row's data: for a server error of a class whose messages quote no value
    /// (a lock or statement timeout, the session ended, a deadlock ...) the server's message and SQLSTATE; for any other,
    /// its condition and SQLSTATE, with the table, column and constraint the server names (its message is not shown: a
    /// data or integrity error quotes the value, e.g. a tenant's address from a CSV); else the client's timeout or the
    /// lost connection.
    /// </summary>
    public static string Describe(NpgsqlException error) => error switch
    {
        PostgresException p when MessageClasses.Contains(SqlClass(p.SqlState)) => $"{p.MessageText} (SQLSTATE {p.SqlState})",
        PostgresException p => Condition(p),
        { InnerException: TimeoutException } => "the database did not answer within the command timeout (the connection string's 'Command Timeout', 30 s unless set)",
        { InnerException: IOException or SocketException or EndOfStreamException } =>
            $"the connection to the database was lost ({error.InnerException.Message.TrimEnd('.')})",
        _ => error.Message.TrimEnd('.'),
    };

    // "invalid text representation (SQLSTATE 22P02)", "unique violation (SQLSTATE 23505; table gas_checks, constraint ux_...)".
    private static string Condition(PostgresException error)
    {
        var condition = Conditions.GetValueOrDefault(error.SqlState) ?? $"an error of SQLSTATE class {SqlClass(error.SqlState)}";
        string?[] names =
        [
            error.TableName is { Length: > 0 } table ? $"table {table}" : null,
            error.ColumnName is { Length: > 0 } column ? $"column {column}" : null,
            error.ConstraintName is { Length: > 0 } constraint ? $"constraint {constraint}" : null,
            error.DataTypeName is { Length: > 0 } type ? $"type {type}" : null,
        ];
        var where = string.Join(", ", names.OfType<string>());
        return where.Length == 0 ? $"{condition} (SQLSTATE {error.SqlState})" : $"{condition} (SQLSTATE {error.SqlState}; {where})";
    }

    private static string SqlClass(string sqlState) => sqlState.Length >= 2 ? sqlState[..2] : sqlState;

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    /// <summary>
    /// The one line: <c>estate-scheduler VERB: the database failed[ DURING]: REASON. STORED</c>, where
    /// <paramref name="stored"/> says what the verb had stored and what to do (a sentence, with its full stop).
    /// </summary>
    public static string Line(string verb, NpgsqlException error, string stored, string during = "")
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"estate-scheduler {verb}: the database failed{during}: {Describe(error)}. {stored}";
    }

    /// <summary>
    /// What a database failure in the middle of <paramref name="args"/>' verb leaves stored, and what to do: one sentence
    /// per verb, true to how that verb writes (its transactions). Null for a verb that does not use the estate database
    /// this way (<c>validate</c>, <c>preview</c>, <c>synth</c>, <c>health</c>; <c>run</c> and <c>demo</c> handle their own).
    /// </summary>
    public static string? WhatWasStored(CommandLineArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = args.Verb;
        var action = args.Positionals.Count > 0 ? args.Positionals[0] : null;
        string ReadOnly() => $"{verb} only reads, so nothing was changed; run it again once the database answers.";
        return verb switch
        {
            "migrate" => "Each migration is applied in its own transaction: those applied before the failure stay applied, "
                + "the failing one and those after it were not; run migrate again: it applies only what is still missing.",
            "import" => "The import is one transaction, so nothing was imported; run import again.",
            "plan" or "orders" or "overdue" or "compliance" => ReadOnly(),
            "report" => "report only reads, so nothing was changed and no report was written; run it again once the database answers.",
            "apply" => "The work orders are written in one transaction, so none were created or cancelled and nothing was booked; run apply again.",
            "improvements" when args.Flag("send-letters") =>
                "The letters are queued in one statement, so this run queued none (the schedule may already have been written); "
                + "run it again: letters already queued are not queued twice.",
            "improvements" => ReadOnly(),
            "dispatch" => "Messages already sent stay recorded as sent and are not sent again; the rest stay queued "
                + $"(any this run had claimed but not sent wait out their {DispatchOptions.Default.Lease.TotalMinutes.ToString(CultureInfo.InvariantCulture)}-minute lease); "
                + "run dispatch again.",
            "outbox" when action == "retry" => "The retry is one statement, so the message was not changed; run it again.",
            "outbox" => $"outbox {action ?? "list"} only reads, so nothing was changed; run it again once the database answers.",
            "complete" => "A visit is recorded in one transaction, so nothing was recorded; run complete again.",
            "import-completions" => $"Rows are recorded in transactions of up to {CompletionRecorder.BatchSize.ToString("N0", CultureInfo.InvariantCulture)}: "
                + "those committed before the failure stay recorded, the failing one recorded nothing; run it again with the same file: "
                + "rows already recorded are answered 'already recorded', not recorded twice.",
            "apikey" when action == "create" => "The key is made in one statement, so no key was made; run it again.",
            "apikey" when action == "revoke" => "The key was not revoked (one statement); run it again.",
            "apikey" => "apikey list only reads, so nothing was changed; run it again once the database answers.",
            "tenant-copy" or "tenant-rung" => "It is recorded in one statement, so nothing was recorded; run it again.",
            _ => null,
        };
    }
}

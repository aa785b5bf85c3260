using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace AutoReply.Storage;

/// Statements on the per-DM path, prepared once per connection and reused.
/// Why not Dapper here: Dapper makes a new command per call, and Microsoft.Data.Sqlite then parses and plans
/// the SQL again every time. With seven statements per decided DM that was most of the single writer's time
/// (load benchmark: the writer busy 97% of the run). Dapper stays for everything that is not per-DM.
public static class PreparedStatements
{
    static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Cache = new();

    public static int Execute(this DbConnection db, DbTransaction? tx, string sql, params ReadOnlySpan<(string Name, object? Value)> args) =>
        Bind(db, tx, sql, args).ExecuteNonQuery();

    /// An argument that may be null goes through Typed, so that its null keeps the column's type. PostgreSQL prepares a
    /// statement for its parameters' types; Npgsql sends an untyped null as of no type, and a statement whose argument
    /// types differ from those it was prepared with runs unprepared, parsed and planned again on the server. A thread's
    /// save, whose times are null until they happen, was planned 22,012 times in 30,000 calls (load benchmark,
    /// pg_stat_statements); typed, 25 times. The tests refuse an untyped null (<see cref="RefuseUntypedNulls"/>).
    public static object Typed(long? value) => value is { } v ? v : NullInt64;

    /// Whether a null argument that is not <see cref="Typed(long?)"/> throws: on in the tests, so that a statement that would
    /// run unprepared on PostgreSQL fails there; off in the service, where it only costs the server a plan.
    public static bool RefuseUntypedNulls { get; set; }

    /// <see cref="Typed(long?)"/> for text.
    public static object Typed(string? value) => value ?? (object)NullText;

    sealed class TypedNull(DbType type)
    {
        public readonly DbType Type = type;
    }

    static readonly TypedNull NullInt64 = new(DbType.Int64), NullText = new(DbType.String);

    static void Assign(DbParameter parameter, object? value, string sql)
    {
        if (value is TypedNull typed)
        {
            parameter.DbType = typed.Type;
            parameter.Value = DBNull.Value;
            return;
        }
        if (value is null && RefuseUntypedNulls)
            throw new ArgumentException($"a null argument must be typed (PreparedStatements.Typed): {parameter.ParameterName} in {sql}");
        parameter.Value = value ?? DBNull.Value;
    }

    sealed class Gathered(DbBatch batch, (string SetUp, string Finish)? frame)
    {
        public readonly DbBatch Batch = batch;
        public readonly List<(int Index, DeferredCount Count)> Counted = [];

        /// The rows of each <see cref="RowInsert{T}"/> gathered so far (a list of them), and the action that gives the batch
        /// command inserting them all its arguments once they are all known.
        public readonly Dictionary<object, (object Rows, Action Fill)> Rows = new(ReferenceEqualityComparer.Instance);

        /// A new command at the end of the batch, which opens with the frame's set-up statement when it has one.
        public DbBatchCommand Add(string sql)
        {
            if (Batch.BatchCommands.Count == 0 && frame is { SetUp: var setUp }) Append(setUp);
            return Append(sql);
        }

        DbBatchCommand Append(string sql)
        {
            var command = Batch.CreateBatchCommand();
            command.CommandText = sql;
            Batch.BatchCommands.Add(command);
            return command;
        }

        /// Completes the batch just before it runs: each gathered insert of rows given its arguments, and the frame's
        /// finishing statement last.
        public void Close()
        {
            foreach (var (_, fill) in Rows.Values) fill();
            Rows.Clear();
            if (frame is { Finish: var finish }) Append(finish);
        }

        /// After the batch ran: the rows each counted statement touched; throws the failure of the first statement that
        /// touched other than the rows it expected (<see cref="DeferExpecting"/>).
        public void CountRows()
        {
            foreach (var (index, count) in Counted) count.Rows = Batch.BatchCommands[index].RecordsAffected;
            foreach (var (_, count) in Counted) count.Check();
        }
    }

    static readonly ConditionalWeakTable<DbTransaction, Gathered> Deferred = new();

    /// Runs a statement whose outcome its caller does not need before the transaction commits (a transcript line, a
    /// thread's state, a reply marked sent) together with the transaction's other such statements, just before the
    /// commit: in a transaction the <see cref="WriteQueue"/> gathers (PostgreSQL), a whole group commit's statements then
    /// cost one round trip instead of one each. Elsewhere (SQLite, in-process, where a statement costs no round trip) it
    /// runs at once. The rows it touched are counted once it has run.
    /// A deferred statement runs after the immediate statements of the units that follow its own in the transaction:
    /// defer only inserts and upserts that take what they need from the rows when they run (and whose outcome no unit
    /// reads in the transaction), so that running them last is the same as running their unit last.
    public static DeferredCount Defer(this DbConnection db, DbTransaction tx, string sql, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        var count = new DeferredCount();
        if (!Deferred.TryGetValue(tx, out var gathered))
        {
            count.Rows = db.Execute(tx, sql, args);
            return count;
        }
        var command = gathered.Add(sql);
        AddParameters(command, sql, args);
        gathered.Counted.Add((gathered.Batch.BatchCommands.Count - 1, count));
        return count;
    }

    static void AddParameters(DbBatchCommand command, string sql, ReadOnlySpan<(string Name, object? Value)> args)
    {
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            Assign(parameter, value, sql);
            command.Parameters.Add(parameter);
        }
    }

    /// <see cref="Defer"/> for one row of <paramref name="insert"/>: where statements are gathered, all the rows a transaction
    /// defers for it are inserted by one statement, in the order deferred, at the place of the first; elsewhere the row's
    /// own statement runs at once. For rows that many units write and nothing reads back before the commit: a DM's
    /// transcript lines were four statements of the twelve a DM cost PostgreSQL.
    public static void DeferRow<T>(this DbConnection db, DbTransaction tx, RowInsert<T> insert, T row)
    {
        if (!Deferred.TryGetValue(tx, out var gathered))
        {
            db.Execute(tx, insert.Sql, insert.Args(row));
            return;
        }
        if (!gathered.Rows.TryGetValue(insert, out var pending))
        {
            var rows = new List<T>();
            var command = gathered.Add(insert.ManySql);
            gathered.Rows[insert] = pending = (rows, () => AddParameters(command, insert.ManySql, insert.ManyArgs(rows)));
        }
        ((List<T>)pending.Rows).Add(row);
    }

    /// <see cref="Defer"/> for a statement that must touch <paramref name="expected"/> rows, or its whole unit of work is
    /// undone: <paramref name="failure"/> is thrown once it has run — at once where statements run at once, else when the
    /// gathered statements run before the commit, and the <see cref="WriteQueue"/> then rolls back that unit alone.
    public static void DeferExpecting(this DbConnection db, DbTransaction tx, string sql, int expected, Func<int, Exception> failure,
        params ReadOnlySpan<(string Name, object? Value)> args)
    {
        var count = db.Defer(tx, sql, args);
        count.Expect(expected, failure);
        if (count.Rows >= 0) count.Check();
    }

    /// Runs a query and maps its single row (or none) while the reader is open.
    public static T? QueryRow<T>(this DbConnection db, DbTransaction? tx, string sql, Func<DbDataReader, T> map,
        params ReadOnlySpan<(string Name, object? Value)> args) where T : class
    {
        using var reader = Bind(db, tx, sql, args).ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    /// Runs a query and maps each of its rows while the reader is open.
    public static List<T> QueryRows<T>(this DbConnection db, DbTransaction? tx, string sql, Func<DbDataReader, T> map,
        params ReadOnlySpan<(string Name, object? Value)> args) => db.QueryRows(tx, sql, 0, map, args);

    /// <see cref="QueryRows{T}(DbConnection, DbTransaction?, string, Func{DbDataReader, T}, ReadOnlySpan{ValueTuple{string, object?}})"/>
    /// for a command whose first <paramref name="setUp"/> statements set its transaction up (see <see cref="QueryRowsAsync"/>).
    public static List<T> QueryRows<T>(this DbConnection db, DbTransaction? tx, string sql, int setUp, Func<DbDataReader, T> map,
        params ReadOnlySpan<(string Name, object? Value)> args)
    {
        using var reader = Bind(db, tx, sql, args).ExecuteReader();
        for (var i = 0; i < setUp; i++) reader.NextResult();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    /// <see cref="QueryRows"/> without holding a thread while the server works. The rows are those of the command's last
    /// statement: <paramref name="setUp"/> statements before it only set its transaction up, in the same round trip
    /// (<see cref="Postgres.PostgresDatabase.GenericPlanSql"/>), and what they return is passed over.
    public static Task<List<T>> QueryRowsAsync<T>(this DbConnection db, DbTransaction? tx, string sql, int setUp, Func<DbDataReader, T> map,
        CancellationToken ct, params ReadOnlySpan<(string Name, object? Value)> args) => ReadAll(Bind(db, tx, sql, args), setUp, map, ct);

    static async Task<List<T>> ReadAll<T>(DbCommand command, int setUp, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; i < setUp; i++) await reader.NextResultAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    static DbCommand Bind(DbConnection db, DbTransaction? tx, string sql, ReadOnlySpan<(string Name, object? Value)> args)
    {
        var commands = Cache.GetOrCreateValue(db);
        DbCommand? command;
        lock (commands)
        {
            if (!commands.TryGetValue(sql, out command))
            {
                command = db.CreateCommand();
                command.CommandText = sql;
                commands[sql] = command;
            }
        }
        command.Transaction = tx;
        var parameters = command.Parameters;
        if (parameters.Count != args.Length)
        {
            parameters.Clear();
            foreach (var (name, value) in args)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                Assign(parameter, value, sql);
                parameters.Add(parameter);
            }
        }
        else
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (parameters[i].ParameterName != args[i].Name)
                    throw new InvalidOperationException($"parameters of a prepared statement must come in one order: {sql}");
                Assign(parameters[i], args[i].Value, sql);
            }
        }
        return command;
    }

    /// From now on <see cref="Defer"/> gathers the statements of <paramref name="tx"/> until <see cref="RunDeferred"/>, each
    /// batch framed by <paramref name="frame"/> (<see cref="Database.GatheredFrame"/>) when it has one.
    internal static void GatherDeferred(DbConnection db, DbTransaction tx, (string SetUp, string Finish)? frame)
    {
        var batch = db.CreateBatch();
        batch.Transaction = tx;
        Deferred.AddOrUpdate(tx, new Gathered(batch, frame));
    }

    /// Sends the statements gathered so far in one batch; a failing one throws here, and the transaction is rolled back.
    internal static void RunDeferred(DbTransaction tx)
    {
        if (!Deferred.TryGetValue(tx, out var gathered) || gathered.Batch.BatchCommands.Count == 0) return;
        try
        {
            gathered.Close();
            gathered.Batch.ExecuteNonQuery();
            gathered.CountRows();
        }
        finally { DropDeferred(tx); }
    }

    /// <see cref="RunDeferred"/> without holding a thread while the server works.
    internal static async Task RunDeferredAsync(DbTransaction tx)
    {
        if (!Deferred.TryGetValue(tx, out var gathered) || gathered.Batch.BatchCommands.Count == 0) return;
        try
        {
            gathered.Close();
            await gathered.Batch.ExecuteNonQueryAsync();
            gathered.CountRows();
        }
        finally { DropDeferred(tx); }
    }

    /// Forgets the statements gathered and not yet sent (their unit failed and is being rolled back).
    internal static void DropDeferred(DbTransaction tx)
    {
        if (!Deferred.TryGetValue(tx, out var gathered)) return;
        gathered.Batch.BatchCommands.Clear();
        gathered.Counted.Clear();
        gathered.Rows.Clear();
    }

    /// Ends gathering for <paramref name="tx"/>; statements not yet sent are dropped (the transaction is being rolled back).
    internal static void StopDeferring(DbTransaction tx)
    {
        if (Deferred.TryGetValue(tx, out var gathered)) gathered.Batch.Dispose();
        Deferred.Remove(tx);
    }
}

/// Rows that <see cref="PreparedStatements.DeferRow"/> inserts: <paramref name="Sql"/> with <paramref name="Args"/> inserts one,
/// <paramref name="ManySql"/> with <paramref name="ManyArgs"/> any number, in the order given (arrays of their columns on
/// PostgreSQL, the only database that gathers statements).
/// Gathered rows are kept by the instance (one static per table), not by equal contents.
public sealed record RowInsert<T>(string Sql, Func<T, (string Name, object? Value)[]> Args, string ManySql,
    Func<IReadOnlyList<T>, (string Name, object? Value)[]> ManyArgs);

/// The rows a deferred statement touched, known once it has run (by the time its transaction has committed).
public sealed class DeferredCount
{
    int expected = -1;
    Func<int, Exception>? failure;

    public int Rows { get; internal set; } = -1;

    internal void Expect(int rows, Func<int, Exception> fail)
    {
        expected = rows;
        failure = fail;
    }

    /// Throws the expected failure when the statement has run and touched other than the rows expected.
    internal void Check()
    {
        if (failure is not null && Rows >= 0 && Rows != expected) throw failure(Rows);
    }
}

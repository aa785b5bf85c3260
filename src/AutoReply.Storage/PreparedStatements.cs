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

    /// Runs a query and maps its single row (or none) while the reader is open.
    public static T? QueryRow<T>(this DbConnection db, DbTransaction? tx, string sql, Func<DbDataReader, T> map,
        params ReadOnlySpan<(string Name, object? Value)> args) where T : class
    {
        using var reader = Bind(db, tx, sql, args).ExecuteReader();
        return reader.Read() ? map(reader) : null;
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
                parameter.Value = value ?? DBNull.Value;
                parameters.Add(parameter);
            }
        }
        else
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (parameters[i].ParameterName != args[i].Name) throw new InvalidOperationException($"parameters of a prepared statement must come in one order: {sql}");
                parameters[i].Value = args[i].Value ?? DBNull.Value;
            }
        }
        return command;
    }
}

using System.Data.Common;

namespace AutoReply.Service.Configuration;

/// The failures an operator causes and can fix at start — a setting, a port, a path, the database — said in one line
/// that names what to fix (they printed a stack trace of 11–57 lines, and some never named the setting).
static class StartupFailures
{
    public static bool IsExpected(Exception e) => e is InvalidOperationException or IOException or DbException or InvalidDataException
        or ArgumentException or UnauthorizedAccessException or System.Net.Sockets.SocketException or TimeoutException
        || (e is AggregateException { InnerExceptions.Count: 1 } a && IsExpected(a.InnerExceptions[0]));

    public static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        return e switch
        {
            IOException when e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                || e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                => $"{e.Message} — another process listens there; choose another with --urls (e.g. --urls http://127.0.0.1:5081)",
            ArgumentOutOfRangeException { ParamName: "port" } => "a port in urls is not between 1 and 65535 (e.g. --urls http://127.0.0.1:5080)",
            Microsoft.Data.Sqlite.SqliteException sqlite =>
                $"the SQLite database cannot be opened ({sqlite.Message}): check ConnectionStrings:AutoReply (Data Source=…) names a file in a folder this user may write",
            Npgsql.NpgsqlException or Npgsql.PostgresException =>
                $"PostgreSQL: {e.Message} — check ConnectionStrings:AutoReply (host, port, database, user) and that the server runs",
            DbException => $"the database: {e.Message} — check ConnectionStrings:AutoReply",
            InvalidDataException when e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase)
                => $"{e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")} — fix the JSON of that file",
            UnauthorizedAccessException or IOException => $"{e.Message} — check the paths in the settings (ConnectionStrings:AutoReply, Dialogs:Path) and this user's rights",
            _ => e.Message,
        };
    }
}

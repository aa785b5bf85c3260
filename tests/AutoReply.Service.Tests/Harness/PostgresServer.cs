using System.Diagnostics;
using Npgsql;

namespace AutoReply.Service.Tests.Harness;

/// A throwaway PostgreSQL cluster from Debian's binaries (/usr/lib/postgresql/N/bin), one per test run: initdb into a
/// temporary directory (as user postgres when the tests run as root — initdb refuses root), pg_ctl start on a free
/// loopback port, no fsync (nothing here outlives the run). Each test takes a database of its own.
/// No Docker. When the binaries are missing this fails, naming the package: a test that needs PostgreSQL must not
/// pass without one.
public sealed class PostgresServer : IDisposable
{
    readonly string bin;
    readonly string dataDirectory;
    readonly bool asPostgresUser = Environment.UserName == "root";
    int databases;

    public PostgresServer()
    {
        bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault() ?? ""
            : "";
        if (bin.Length == 0)
            throw new InvalidOperationException("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql (.ci/run does)");
        dataDirectory = Path.Combine(Path.GetTempPath(), "autoreply-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        if (asPostgresUser) Run("/bin/chown", ["postgres:postgres", dataDirectory], asPostgres: false);
        Run(Path.Combine(bin, "initdb"), ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
        Port = ServiceProcess.FreePort();
        Run(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {dataDirectory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"]);
    }

    public int Port { get; }

    /// A new, empty database; its connection string.
    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref databases)}_{Guid.NewGuid():N}"[..20];
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }
        return ConnectionString(name);
    }

    string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20";

    void Run(string program, string[] args, bool asPostgres = true)
    {
        var info = asPostgres && asPostgresUser ? new ProcessStartInfo("/usr/sbin/runuser") : new ProcessStartInfo(program);
        if (asPostgres && asPostgresUser) { info.ArgumentList.Add("-u"); info.ArgumentList.Add("postgres"); info.ArgumentList.Add("--"); info.ArgumentList.Add(program); }
        foreach (var a in args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(true); throw new TimeoutException($"{program} did not finish"); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try { Run(Path.Combine(bin, "pg_ctl"), ["-D", dataDirectory, "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { }   // already gone: nothing to stop
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

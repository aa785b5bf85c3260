using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AutoReply.Service.Tests.Harness;

/// The service as a separate OS process (the built autoreply.dll), so a test can kill it for real:
/// no disposal, no graceful shutdown, whatever was in flight is cut off.
public sealed class ServiceProcess : IDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output = new();

    ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }
    public string Output => string.Join(Environment.NewLine, output);

    /// Starts the service on a free port. The port is free when chosen, but another test's listener or outbound connection
    /// can take it in the seconds the process needs to bind it: a start that fails on "address already in use" is tried
    /// again on another port (the failure showed once in a while as a flaky SIGTERM test).
    public static async Task<ServiceProcess> Start(string workingDirectory, IDictionary<string, string> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await StartOnce(workingDirectory, settings); }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal)) { }
        }
    }

    static async Task<ServiceProcess> StartOnce(string workingDirectory, IDictionary<string, string> settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "autoreply.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) info.ArgumentList.Add($"--{key}={value}");
        var started = new ServiceProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = started.Address };
        try
        {
            await Eventually.ValueAsync(async () =>
            {
                if (started.process.HasExited) throw new InvalidOperationException("the service exited at start:\n" + started.Output);
                try { return (await http.GetAsync("/healthz")).StatusCode; }
                catch (Exception e) when (Posters.Unreachable(e)) { return HttpStatusCode.ServiceUnavailable; }
            }, s => s == HttpStatusCode.OK, "the service process to be healthy", seconds: 60);
        }
        catch
        {
            started.Dispose();
            throw;
        }
        return started;
    }

    /// SIGTERM, as an operator or systemd stops it: the process shuts down in order; its exit code.
    public int Terminate()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) throw new TimeoutException("the service did not stop within 30 s of SIGTERM:\n" + Output);
        return process.ExitCode;
    }

    /// SIGKILL: the process gets no chance to finish anything.
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AutoReply.Service.Tests.Harness;

/// An e-mail as the SMTP server received it.
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data);

/// A minimal SMTP server on loopback (no TLS, no auth): enough of RFC 5321 for a client to hand over a message,
/// which it records. Stands in for the brand's mail relay.
public sealed class SmtpSink : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentQueue<ReceivedMail> mails = new();
    readonly Task loop;

    public SmtpSink()
    {
        listener.Start();
        loop = Accept();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public IReadOnlyList<ReceivedMail> Mails => mails.ToArray();

    public Task<IReadOnlyList<ReceivedMail>> WaitUntil(Func<IReadOnlyList<ReceivedMail>, bool> condition, string what) =>
        Eventually.Value(() => Mails, condition, what);

    async Task Accept()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = Serve(client);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
    }

    async Task Serve(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        string from = "";
        var to = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await writer.WriteAsync("250-localhost\r\n250 8BITMIME\r\n"); break;
                    case "HELO": await writer.WriteLineAsync("250 localhost"); break;
                    case "MAIL": from = line[(line.IndexOf(':') + 1)..].Trim(); await writer.WriteLineAsync("250 OK"); break;
                    case "RCPT": to.Add(line[(line.IndexOf(':') + 1)..].Trim()); await writer.WriteLineAsync("250 OK"); break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop.Token) is { } d && d != ".") data.AppendLine(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d);
                        mails.Enqueue(new ReceivedMail(from, to.ToList(), data.ToString()));
                        to.Clear();
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "RSET": to.Clear(); await writer.WriteLineAsync("250 OK"); break;
                    case "NOOP": await writer.WriteLineAsync("250 OK"); break;
                    case "QUIT": await writer.WriteLineAsync("221 bye"); return;
                    default: await writer.WriteLineAsync("502 not implemented"); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        await loop;
    }
}

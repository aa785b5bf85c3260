using System.Diagnostics;

namespace AutoReply.Service.Health;

/// The spans of a DM's way through the service — ingest, turn (with engine), commit, send — under the activity source
/// "AutoReply". Attributes are ids only (channel, thread, message, reply, decision): never a message's text.
/// Exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, besides ASP.NET Core's and HttpClient's own spans.
public static class Tracing
{
    public const string SourceName = "AutoReply";
    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string name, Core.Messages.ThreadKey thread, string? messageId = null, ActivityKind kind = ActivityKind.Internal)
    {
        var activity = Source.StartActivity(name, kind);
        if (activity is null) return null;
        activity.SetTag("autoreply.channel", thread.Channel);
        activity.SetTag("autoreply.thread", thread.ThreadId);
        if (messageId is not null) activity.SetTag("autoreply.message_id", messageId);
        return activity;
    }
}

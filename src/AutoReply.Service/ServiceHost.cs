using AutoReply.Channels.Generic;
using AutoReply.Channels.Sending;
using AutoReply.Core.Engine;
using AutoReply.Service.Configuration;
using AutoReply.Service.Dialogs;
using AutoReply.Service.Endpoints;
using AutoReply.Service.Health;
using AutoReply.Service.Security;
using AutoReply.Service.Workers;
using AutoReply.Storage;
using OpenTelemetry.Trace;
using AutoReply.Storage.Conversations;
using AutoReply.Storage.Inbox;
using AutoReply.Storage.Outbox;
using AutoReply.Storage.Sqlite;
using AutoReply.Storage.Transcript;
using AutoReply.Storage.Turns;
using Microsoft.Extensions.Options;
using NodaTime;
using Quartz;
using OpenTelemetry.Metrics;

namespace AutoReply.Service;

/// Builds the service: configuration, storage, the engine, the workers and the endpoints.
/// Tests build the same host with their own configuration and clock through <paramref name="customize"/>.
public static class ServiceHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        // Embedded defaults first (shipped beside the binary), then the usual sources over them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = "appsettings.json", Optional = true, ReloadOnChange = false,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "defaults")),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.Logging.AddConsoleFormatter<EscapingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        // Logging:Format json: one JSON object per line (for log collectors), with the trace and span ids of the entry.
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        }
        else builder.Logging.AddConsole(o => o.FormatterName = EscapingConsoleFormatter.Name);

        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<GenericChannelOptions>(config.GetSection("Channels:Generic"));
        services.Configure<MetaChannelOptions>(config.GetSection("Channels:Meta"));
        services.Configure<XChannelOptions>(config.GetSection("Channels:X"));
        services.Configure<PublicReplyOptions>(config.GetSection("Channels:PublicReplies"));
        services.Configure<InstanceOptions>(config.GetSection("Instance"));
        services.Configure<WorkerOptions>(config.GetSection("Worker"));
        services.Configure<OutboxOptions>(config.GetSection("Outbox"));
        services.Configure<DialogOptions>(config.GetSection("Dialogs"));
        services.Configure<StorageOptions>(config.GetSection("Storage"));
        services.Configure<ApiOptions>(config.GetSection("Api"));
        services.Configure<List<AgentOptions>>(config.GetSection("Agents"));
        services.Configure<HandoffOptions>(config.GetSection("Handoffs"));
        services.Configure<PrivacyOptions>(config.GetSection("Privacy"));
        AddEngineOptions(services, config);
        services.ConfigureHttpJsonOptions(j => j.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new ExposureGuard(config["Channels:Generic:Secret"], config["Api:TokenSha256"]));
        services.AddPlatformWebhookLimits();
        services.AddSingleton<Storage.Database>(sp => OpenDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value, config));
        services.AddSingleton<WriteQueue>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<TurnCommitter>();
        services.AddSingleton<Storage.Handoffs.HandoffStore>();
        services.AddSingleton<Storage.Handoffs.ITeamRouting, TeamRouting>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<Health.Readiness>();
        services.AddSingleton<DeadLetterRetry>();
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiDescription>());
        services.AddSingleton<AgentActions>();
        services.AddSingleton<ReplyQueue>();
        services.AddSingleton<Ingest>();
        services.AddSingleton<Storage.Platforms.PlatformStore>();
        // Sales and complaints: the two figures besides response times (issue 19).
        services.AddSingleton<Storage.Outcomes.ConversionStore>();
        services.AddSingleton<Storage.Outcomes.ComplaintStore>();
        services.Configure<ConversionOptions>(config.GetSection("Conversions"));
        services.AddSingleton<ConversionAttribution>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversionAttribution>());
        // Accounts that revoked the app's access: replies held, the operator told, a new token resumes.
        services.AddSingleton<Storage.Platforms.ChannelAccountStore>();
        services.AddSingleton<AccountConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountConnections>());
        services.AddSingleton<Storage.Privacy.PrivacyStore>();
        services.AddSingleton<Privacy.PrivacyActions>();
        services.AddSingleton<PlatformIngest>();
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<Channels.Sending.IMessagingWindow, ConversationWindow>();
        services.AddSingleton(sp => new Core.Policies.PublicComments(HandoffConfig.Signals(sp.GetRequiredService<IOptions<EscalationOptions>>().Value,
            sp.GetRequiredService<IOptions<Dictionary<string, CustomerTierOptions>>>().Value)));
        services.AddHttpClient("meta", c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient("x", c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<PipelineSignals>();
        services.AddSingleton<WorkerHealth>();
        services.AddSingleton<Cluster.ServiceInstance>();
        services.AddSingleton<Storage.Cluster.InstanceStore>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DialogOptions>>().Value;
            var fingerprint = LibraryFiles.Fingerprint(o.Path);   // before reading: an edit during the read is a change
            return new LibrarySource(LoadLibrary(o), fingerprint);
        });
        services.AddSingleton(sp => new ConversationEngine(EngineSettingsFrom(sp)));
        services.AddHttpClient(GenericInbound.Channel, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IEnumerable<IChannelSender>>(sp => ChannelSenders(sp).ToList());
        // Joins before the workers claim anything, and (stopped in reverse order) leaves after them.
        services.AddHostedService<Cluster.InstanceHeartbeat>();
        services.AddHostedService<Cluster.ClusterWakeups>();
        services.AddHostedService<TurnWorker>();
        services.AddHostedService<OutboxSender>();
        services.AddSingleton<FlowLookups>();
        services.AddHttpClient("lookups", c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<LibraryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<LibraryWatcher>());
        // The gaps report and the library edits made from it.
        services.AddSingleton<Storage.Transcript.GapReads>();
        services.AddSingleton<LibraryGaps>();
        services.AddSingleton<LibraryEditor>();
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ServiceMetrics.MeterName).AddPrometheusExporter());

        customize?.Invoke(builder);
        // After the customisation: its configuration (a test's cron, Escalation:Enabled) decides what Quartz runs.
        AddEscalation(services, config);
        AddTracing(services, config);

        var app = builder.Build();
        var exposure = app.Services.GetRequiredService<ExposureGuard>();
        exposure.CheckConfigured(ExposureGuard.ConfiguredAddresses(app.Configuration, DefaultUrl));
        app.Lifetime.ApplicationStarted.Register(() => exposure.CheckBound(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>(),
            app.Lifetime, app.Logger));
        app.Use(exposure.Gate);
        UseKnownProxies(app);
        TellHowToSetAToken(app);
        app.Use(ResponseHeaders.Add);
        app.UseRateLimiter();
        app.Services.GetRequiredService<Storage.Database>().Migrate();
        // A broken library or business-hours setting stops start-up here, with its errors, not at the first DM.
        _ = app.Services.GetRequiredService<LibrarySource>();
        _ = app.Services.GetRequiredService<ConversationEngine>();
        _ = app.Services.GetRequiredService<Core.Handoffs.EscalationPlan>();
        var readiness = app.Services.GetRequiredService<Health.Readiness>();
        app.Lifetime.ApplicationStarted.Register(() => readiness.Set(true));   // migrated, library loaded, listening
        app.Lifetime.ApplicationStopping.Register(() => readiness.Set(false));

        app.MapOpenApi();   // /openapi/v1.json
        // A readable reference of that document at /api-docs, served from the package's own files (no CDN).
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "AutoReply v1");
            o.RoutePrefix = "api-docs";
            o.DocumentTitle = "AutoReply API";
        });
        app.MapConsole();
        app.MapGenericWebhook();
        app.MapPlatformWebhooks();
        app.MapMarketing();
        app.MapPrivacy();
        app.MapStats();
        app.MapGaps();
        app.MapConversions();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapThreadApi();
        app.MapHandoffApi();
        app.MapSavedReplies();
        app.MapHealth();
        return app;
    }

    /// Storage:Provider — Sqlite (the default: a file under ./data) or Postgres (ConnectionStrings:AutoReply is an Npgsql
    /// connection string). PostgreSQL is a preview (issue 13): every store passes the contract suite on it; see README.
    /// Spans only where something takes them (an OTLP endpoint, or Tracing:Enabled for an exporter added otherwise):
    /// recording them for nobody cost ~6% of the throughput under load.
    static void AddTracing(IServiceCollection services, IConfiguration config)
    {
        var otlp = !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && !config.GetValue<bool>("Tracing:Enabled")) return;
        services.AddOpenTelemetry().WithTracing(t =>
        {
            t.AddSource(Tracing.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            if (otlp) t.AddOtlpExporter();
        });
    }

    /// X-Forwarded-For and -Proto are believed only from Api:KnownProxies; without any, they are not read at all (and a
    /// request carrying them is never taken for a local one, see AgentDirectory).
    static void UseKnownProxies(WebApplication app)
    {
        var proxies = app.Configuration.GetSection("Api:KnownProxies").Get<List<string>>() ?? [];
        if (proxies.Count == 0) return;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
            options.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var ip) ? ip
                : throw new InvalidOperationException($"Api:KnownProxies: '{proxy}' is not an IP address"));
        app.UseForwardedHeaders(options);
    }

    /// With no token configured the operator and agent APIs answer 401 to everyone: say so at start-up, and how to fix it.
    static void TellHowToSetAToken(WebApplication app)
    {
        var directory = app.Services.GetRequiredService<AgentDirectory>();
        if (!directory.NoTokens) return;
        if (directory.Open)
            app.Logger.LogWarning("Development mode (Api:AllowAnonymousLoopback): callers on this machine are the operator without a token. Never use this behind a proxy or in production");
        else
            app.Logger.LogWarning("No Api:TokenSha256 and no agents are configured: the operator and agent APIs and the console answer 401. Run `autoreply token` for a token and the Api:TokenSha256 to configure");
    }

    internal static Storage.Database OpenDatabase(StorageOptions storage, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("AutoReply");
        switch (storage.Provider.ToLowerInvariant())
        {
            case "sqlite":
                var durability = Enum.Parse<Durability>(storage.Durability, ignoreCase: true);
                return new SqliteDatabase(connectionString ?? "Data Source=data/autoreply.db", durability);
            case "postgres":
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Storage:Provider is Postgres but ConnectionStrings:AutoReply is not set (an Npgsql connection string, e.g. Host=db;Username=autoreply;Password=…;Database=autoreply)");
                return new Storage.Postgres.PostgresDatabase(connectionString, storage.Writers);
            default:
                throw new InvalidOperationException($"Storage:Provider '{storage.Provider}' is not one of Sqlite, Postgres");
        }
    }

    /// The escalation check on Quartz (cron from Escalation:CheckCron, a run at start-up, and the one-shot trigger
    /// the job keeps at the next due time), and the sender of its notifications. Quartz takes the host's
    /// TimeProvider, so tests drive its triggers with a fake clock.
    static void AddEscalation(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Storage.Handoffs.EscalationStore>();
        services.AddSingleton<Storage.Handoffs.CsatStore>();
        services.AddSingleton<Storage.Handoffs.NotificationStore>();
        services.AddSingleton(sp => new Core.Handoffs.EscalationPlan(
            BusinessHoursConfig.Build(sp.GetRequiredService<IOptions<BusinessHoursOptions>>().Value),
            HandoffConfig.Tiers(sp.GetRequiredService<IOptions<EscalationOptions>>().Value)));
        // Notifications go out from any instance (a lease keeps it to one at a time), also one that checks nothing.
        services.AddHttpClient(Escalation.NotificationSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<Escalation.NotificationSender>();
        var escalation = config.GetSection("Escalation").Get<EscalationOptions>() ?? new();
        if (!escalation.Enabled) return;
        var cron = escalation.CheckCron;
        if (!Quartz.CronExpression.TryParse(cron, out _))
            throw new InvalidOperationException($"Escalation:CheckCron '{cron}' is not a Quartz cron expression (seconds first, e.g. \"0 * * * * ?\")");
        var csatCron = (config.GetSection("Csat").Get<CsatOptions>() ?? new()).CheckCron;
        if (!Quartz.CronExpression.TryParse(csatCron, out _))
            throw new InvalidOperationException($"Csat:CheckCron '{csatCron}' is not a Quartz cron expression (seconds first)");
        var privacy = config.GetSection("Privacy").Get<PrivacyOptions>() ?? new();
        if (!Quartz.CronExpression.TryParse(privacy.RetentionCron, out _))
            throw new InvalidOperationException($"Privacy:RetentionCron '{privacy.RetentionCron}' is not a Quartz cron expression (seconds first)");
        if (privacy.RetentionBatch < 1) throw new InvalidOperationException("Privacy:RetentionBatch must be at least 1");
        services.AddQuartz(q =>
        {
            q.AddJob<Escalation.EscalationCheckJob>(j => j.WithIdentity(Escalation.EscalationCheckJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Escalation.EscalationCheckJob.Key).WithIdentity("escalation-cron", "autoreply")
                .WithCronSchedule(cron, s => s.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            q.AddTrigger(t => t.ForJob(Escalation.EscalationCheckJob.Key).WithIdentity("escalation-startup", "autoreply").StartNow());
            q.AddJob<Escalation.CsatJob>(j => j.WithIdentity(Escalation.CsatJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Escalation.CsatJob.Key).WithIdentity("csat-cron", "autoreply")
                .WithCronSchedule(csatCron, s => s.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            // Retention runs where the checks run: one instance of a cluster is enough (running on several is harmless).
            q.AddJob<Privacy.RetentionJob>(j => j.WithIdentity(Privacy.RetentionJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Privacy.RetentionJob.Key).WithIdentity("retention-cron", "autoreply")
                .WithCronSchedule(privacy.RetentionCron, s => s.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }

    /// The engine's settings from configuration alone, for verbs that run the engine without the host.
    internal static EngineSettings EngineSettingsFrom(IConfiguration config)
    {
        var services = new ServiceCollection();
        AddEngineOptions(services, config);
        return EngineSettingsFrom(services.BuildServiceProvider());
    }

    static void AddEngineOptions(IServiceCollection services, IConfiguration config)
    {
        services.Configure<PolicyOptions>(config.GetSection("Policies"));
        services.Configure<AcknowledgementOptions>(config.GetSection("Acknowledgement"));
        services.Configure<BusinessHoursOptions>(config.GetSection("BusinessHours"));
        services.Configure<MatchingOptions>(config.GetSection("Matching"));
        services.Configure<FlowOptions>(config.GetSection("Flows"));
        services.Configure<RecognizerOptions>(config.GetSection("Recognizers"));
        services.Configure<EscalationOptions>(config.GetSection("Escalation"));
        services.Configure<SlaOptions>(config.GetSection("Sla"));
        services.Configure<CsatOptions>(config.GetSection("Csat"));
        services.Configure<DisclosureOptions>(config.GetSection("Disclosure"));
        services.Configure<Dictionary<string, CustomerTierOptions>>(config.GetSection("Customers:Tiers"));
    }

    static Core.Library.DialogLibrary LoadLibrary(DialogOptions o)
    {
        var result = LibraryFiles.LoadDirectory(o.Path, o.DefaultLanguage);
        if (!result.Ok)
            throw new InvalidOperationException("the dialogs library does not load:" + Environment.NewLine +
                string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e)));
        return result.Library!;
    }

    static EngineSettings EngineSettingsFrom(IServiceProvider sp)
    {
        var policies = sp.GetRequiredService<IOptions<PolicyOptions>>().Value;
        var ack = sp.GetRequiredService<IOptions<AcknowledgementOptions>>().Value;
        var matching = sp.GetRequiredService<IOptions<MatchingOptions>>().Value;
        var flows = sp.GetRequiredService<IOptions<FlowOptions>>().Value;
        var region = sp.GetRequiredService<IOptions<RecognizerOptions>>().Value.PhoneRegion;
        var escalation = sp.GetRequiredService<IOptions<EscalationOptions>>().Value;
        var signals = HandoffConfig.Signals(escalation, sp.GetRequiredService<IOptions<Dictionary<string, CustomerTierOptions>>>().Value);
        var hours = BusinessHoursConfig.Build(sp.GetRequiredService<IOptions<BusinessHoursOptions>>().Value);
        var sla = HandoffConfig.Sla(sp.GetRequiredService<IOptions<SlaOptions>>().Value, hours);
        var defaults = DialogSettings.Default;
        var dialogs = new DialogSettings(
            flows.CancelWords.Count > 0 ? flows.CancelWords : defaults.CancelWords,
            flows.AgentWords.Count > 0 ? flows.AgentWords : defaults.AgentWords,
            Duration.FromTimeSpan(flows.Timeout), region);
        return new EngineSettings(
            hours,
            policies.OptOutWords, policies.OptInWords,
            sla.TargetFor(Core.Handoffs.SlaPolicies.Fallback, Core.Handoffs.Priority.Normal).FirstResponse, Duration.FromTimeSpan(ack.QuietPeriod),
            new Core.Answers.MatchingSettings(matching.AnswerThreshold, matching.AmbiguityMargin)
            {
                MaxUnknownShare = matching.MaxUnknownShare, RequireSharedWord = matching.RequireSharedWord,
                CoveredShare = matching.CoveredShare, CoveredThreshold = matching.CoveredThreshold,
            },
            matching.LanguageConfidence,
            dialogs,
            Sla: sla,
            Signals: signals,
            CsatAnswerWithin: Duration.FromTimeSpan(sp.GetRequiredService<IOptions<CsatOptions>>().Value.AnswerWithin),
            Disclosure: sp.GetRequiredService<IOptions<DisclosureOptions>>().Value.Settings());
    }

    static IEnumerable<IChannelSender> ChannelSenders(IServiceProvider sp)
    {
        var generic = sp.GetRequiredService<IOptions<GenericChannelOptions>>().Value;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AutoReply.Channels");
        if (Uri.TryCreate(generic.OutboundUrl, UriKind.Absolute, out var url))
            yield return new GenericSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(GenericInbound.Channel), url);
        else
            log.LogWarning("Channels:Generic:OutboundUrl is not set: replies to the generic channel wait in the outbox until it is");

        var clock = sp.GetRequiredService<TimeProvider>();
        var meta = sp.GetRequiredService<IOptions<MetaChannelOptions>>().Value;
        if (meta.Pages.Count > 0)
        {
            var graph = BaseUrl(meta.GraphBaseUrl, "Channels:Meta:GraphBaseUrl");
            var pages = meta.Pages.Where(p => p.Id.Length > 0 && p.AccessToken.Length > 0)
                .ToDictionary(p => p.Id, p => new Channels.Meta.MetaAccount(p.Id, p.AccessToken, p.PublicReplies));
            var pacer = new AccountPacer(meta.MessagesPerSecond, clock);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("meta");
            var window = sp.GetRequiredService<IMessagingWindow>();
            yield return new Channels.Meta.MetaSender(Channels.Meta.MetaWebhook.Messenger, http, graph, pages, window, pacer, clock);
            yield return new Channels.Meta.MetaSender(Channels.Meta.MetaWebhook.Instagram, http, graph, pages, window, pacer, clock);
        }
        var x = sp.GetRequiredService<IOptions<XChannelOptions>>().Value;
        if (x.Accounts.Count > 0)
        {
            var accounts = x.Accounts.Where(a => a.UserId.Length > 0 && a.AccessToken.Length > 0)
                .ToDictionary(a => a.UserId, a => new Channels.X.XAccount(a.UserId, a.AccessToken, a.PublicReplies));
            yield return new Channels.X.XSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient("x"), BaseUrl(x.ApiBaseUrl, "Channels:X:ApiBaseUrl"),
                accounts, new AccountPacer(x.MessagesPerSecond, clock), clock);
        }
    }

    static Uri BaseUrl(string value, string key) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri : throw new InvalidOperationException($"{key} '{value}' is not an http(s) URL");
}

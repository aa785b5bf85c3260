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
using OpenTelemetry.Resources;

namespace AutoReply.Service;

/// Builds the service: configuration, storage, the engine, the workers and the endpoints.
/// Tests build the same host with their own configuration and clock through <paramref name="customize"/>.
public static class ServiceHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// The service, in the order it is put together. Each step is a method below; the steps read like a table of
    /// contents: options, storage, the engine, the channels, the pipeline, the agent desk, outcomes, the library's tools,
    /// observability — then the customisation (tests), the scheduled jobs, and the application with its endpoints.
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        UseEmbeddedDefaults(builder);
        AddLogging(builder);

        var services = builder.Services;
        var config = builder.Configuration;
        AddOptions(services, config);
        AddStorage(services, config);
        AddEngine(services);
        AddChannels(services, config);
        AddPipeline(services);
        AddAgentDesk(services);
        AddOutcomes(services);
        AddLibraryTools(services);
        services.AddOpenTelemetry().ConfigureResource(r => r.AddService("autoreply")).WithMetrics(m => m.AddMeter(ServiceMetrics.MeterName).AddPrometheusExporter());

        customize?.Invoke(builder);
        // Every source is there now (a test's too): a list set in one replaces the lists of the sources before it.
        ListsReplace.Apply(builder.Configuration);
        // After the customisation: its configuration (a test's cron, Escalation:Enabled) decides what Quartz runs.
        AddScheduledJobs(services, config);
        AddTracing(services, config);

        var app = builder.Build();
        UseMiddleware(app);
        CheckAtStartUp(app);
        MapEndpoints(app);
        return app;
    }

    /// Embedded defaults first (shipped beside the binary), then the usual sources over them.
    static void UseEmbeddedDefaults(WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = "appsettings.json", Optional = true, ReloadOnChange = false,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "defaults")),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
    }

    /// Console logs with control characters escaped; Logging:Format json: one JSON object per line (for log collectors),
    /// with the trace and span ids of the entry.
    static void AddLogging(WebApplicationBuilder builder)
    {
        builder.Logging.AddConsoleFormatter<EscapingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; });
        }
        else builder.Logging.AddConsole(o => o.FormatterName = EscapingConsoleFormatter.Name);
    }

    /// Every options class and the section it is bound from, once. Code that needs a section's values before the host
    /// exists (the verbs, the scheduled jobs' registration) reads them through <see cref="Options{T}"/>, from this table.
    static void AddOptions(IServiceCollection services, IConfiguration config)
    {
        void Bind<T>(string section) where T : class
        {
            services.Configure<T>(config.GetSection(section));
            SettingsSpelling.Bound(section, typeof(T));
        }
        // The SLA targets, from the options, once: the engine dates hand-offs by them, and an agent's re-judging
        // (AgentActions.Change) dates them again by the same.
        services.AddSingleton(sp => HandoffConfig.Sla(sp.GetRequiredService<IOptions<SlaOptions>>().Value,
            BusinessHoursConfig.Build(sp.GetRequiredService<IOptions<BusinessHoursOptions>>().Value)));
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(BadRequests.Throw);
        Bind<GenericChannelOptions>("Channels:Generic");
        Bind<MetaChannelOptions>("Channels:Meta");
        Bind<XChannelOptions>("Channels:X");
        Bind<PublicReplyOptions>("Channels:PublicReplies");
        Bind<InstanceOptions>("Instance");
        Bind<WorkerOptions>("Worker");
        Bind<OutboxOptions>("Outbox");
        Bind<HealthOptions>("Health");
        Bind<DialogOptions>("Dialogs");
        Bind<StorageOptions>("Storage");
        Bind<ApiOptions>("Api");
        Bind<List<AgentOptions>>("Agents");
        Bind<HandoffOptions>("Handoffs");
        Bind<PrivacyOptions>("Privacy");
        Bind<ConversionOptions>("Conversions");
        Bind<PolicyOptions>("Policies");
        Bind<AcknowledgementOptions>("Acknowledgement");
        Bind<BusinessHoursOptions>("BusinessHours");
        Bind<MatchingOptions>("Matching");
        Bind<FlowOptions>("Flows");
        Bind<RecognizerOptions>("Recognizers");
        Bind<EscalationOptions>("Escalation");
        Bind<SlaOptions>("Sla");
        Bind<CsatOptions>("Csat");
        Bind<DisclosureOptions>("Disclosure");
        Bind<Dictionary<string, CustomerTierOptions>>("Customers:Tiers");
        services.ConfigureHttpJsonOptions(j => j.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
    }

    /// One options class as configured, before (or without) the host: bound through <see cref="AddOptions"/>'s table.
    internal static T Options<T>(IConfiguration config) where T : class
    {
        using var bound = BoundOptions(config);
        return bound.GetRequiredService<IOptions<T>>().Value;
    }

    /// The options of <see cref="AddOptions"/>'s table alone, for reading several before the host exists.
    static ServiceProvider BoundOptions(IConfiguration config)
    {
        var services = new ServiceCollection();
        AddOptions(services, config);
        return services.BuildServiceProvider();
    }

    /// The database (SQLite or PostgreSQL), its one writer, and the stores over it.
    static void AddStorage(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Storage.Database>(sp => OpenDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value, config));
        services.AddSingleton<WriteQueue>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<ReplyQueue>();
        services.AddSingleton<TurnCommitter>();
        services.AddSingleton<Storage.Conversations.FlowLapseStore>();
        services.AddSingleton<Storage.Handoffs.HandoffStore>();
        services.AddSingleton<Storage.Platforms.PlatformStore>();
        services.AddSingleton<Storage.Platforms.ChannelAccountStore>();
        services.AddSingleton<Storage.Privacy.PrivacyStore>();
        services.AddSingleton<Storage.Outcomes.ConversionStore>();
        services.AddSingleton<Storage.Outcomes.ComplaintStore>();
        services.AddSingleton<Storage.Cluster.InstanceStore>();
        services.AddSingleton<Storage.Transcript.GapReads>();
    }

    /// The dialogs library (a broken one stops start-up) and the engine with its settings.
    static void AddEngine(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DialogOptions>>().Value;
            var fingerprint = LibraryFiles.Fingerprint(o.Path);   // before reading: an edit during the read is a change
            return new LibrarySource(LoadLibrary(o), fingerprint);
        });
        services.AddSingleton(sp =>
        {
            // The signal models train here, in about a second, before the first DM is decided.
            Core.Handoffs.SignalModel.Prepare();
            return new ConversationEngine(EngineSettingsFrom(sp));
        });
        services.AddSingleton(sp => new Core.Policies.PublicComments(HandoffConfig.Signals(sp.GetRequiredService<IOptions<EscalationOptions>>().Value,
            sp.GetRequiredService<IOptions<Dictionary<string, CustomerTierOptions>>>().Value)));
        services.AddSingleton<FlowLookups>();
        services.AddHttpClient("lookups", c => c.Timeout = Timeout.InfiniteTimeSpan);
    }

    /// The platforms in (webhook checks and limits) and out (a sender per configured channel, paced per account).
    static void AddChannels(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => new ExposureGuard(config["Channels:Generic:Secret"], config["Api:TokenSha256"]));
        services.AddPlatformWebhookLimits();
        services.AddHttpClient("meta", c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient("x", c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(GenericInbound.Channel, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() =>
                new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IMessagingWindow, ConversationWindow>();
        services.AddSingleton<IEnumerable<IChannelSender>>(sp => ChannelSenders(sp).ToList());
        // Accounts that revoked the app's access: replies held, the operator told, a new token resumes.
        services.AddSingleton<AccountConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountConnections>());
    }

    /// A DM's way through: ingest, the turn worker, the outbox sender; the instance's place in a cluster.
    static void AddPipeline(IServiceCollection services)
    {
        services.AddSingleton<Ingest>();
        services.AddSingleton<PlatformIngest>();
        services.AddSingleton<PipelineSignals>();
        services.AddSingleton<WorkerHealth>();
        services.AddSingleton<Health.Readiness>();
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<DeadLetterRetry>();
        services.AddSingleton<Cluster.ServiceInstance>();
        // Joins before the workers claim anything, and (stopped in reverse order) leaves after them. The sender stops after
        // the turns' drain, so the replies to the DMs decided in it go out before the process does.
        services.AddHostedService<Cluster.InstanceHeartbeat>();
        services.AddHostedService<Cluster.ClusterWakeups>();
        services.AddHostedService<OutboxSender>();
        services.AddHostedService<TurnWorker>();
        // A stop waits for the drain and then the sends in flight; the host's default (30 s) could cut them off and dispose
        // the database under the lanes.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>, IOptions<OutboxOptions>>((h, worker, outbox) =>
        {
            var stopTakes = TimeSpan.FromSeconds(Math.Max(0, worker.Value.DrainSeconds) + outbox.Value.TimeoutSeconds + 15);
            if (h.ShutdownTimeout < stopTakes) h.ShutdownTimeout = stopTakes;
        });
    }

    /// The agents' side: who they are, which team gets which category, and what they do to hand-offs.
    static void AddAgentDesk(IServiceCollection services)
    {
        services.AddSingleton<Storage.Handoffs.ITeamRouting, TeamRouting>();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<AgentActions>();
        services.AddSingleton<Privacy.PrivacyActions>();
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiDescription>());
        services.AddProblemDetails(o => o.CustomizeProblemDetails = EmptyRefusals.Describe);
    }

    /// Sales and complaints: the two figures besides response times (issue 19).
    static void AddOutcomes(IServiceCollection services)
    {
        services.AddSingleton<ConversionAttribution>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversionAttribution>());
    }

    /// The library's file watcher, the gaps report and the library edits made from it.
    static void AddLibraryTools(IServiceCollection services)
    {
        services.AddSingleton<LibraryWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<LibraryWatcher>());
        services.AddSingleton<LibraryGaps>();
        services.AddSingleton<LibraryEditor>();
    }

    static void UseMiddleware(WebApplication app)
    {
        var exposure = app.Services.GetRequiredService<ExposureGuard>();
        exposure.CheckConfigured(ExposureGuard.ConfiguredAddresses(app.Configuration, DefaultUrl));
        app.Lifetime.ApplicationStarted.Register(() => exposure.CheckBound(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>(),
            app.Lifetime, app.Logger));
        // A defect's exception and a refusal with an empty body (the gate's 503 too) leave as problem+json (EmptyRefusals),
        // never as an empty 500 or, in development, the exception page with the caller's headers.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(exposure.Gate);
        UseKnownProxies(app);
        WarnAboutSettings(app);
        app.Use(ResponseHeaders.Add);
        app.Use(BadRequests.Answer);
        app.UseRateLimiter();
    }

    /// The schema migrated; a broken library or business-hours setting stops start-up here, with its errors, not at the
    /// first DM; ready once listening.
    static void CheckAtStartUp(WebApplication app)
    {
        CheckPipelineSettings(app.Services);
        app.Services.GetRequiredService<Storage.Database>().Migrate();
        _ = app.Services.GetRequiredService<LibrarySource>();
        _ = app.Services.GetRequiredService<ConversationEngine>();
        _ = app.Services.GetRequiredService<Core.Handoffs.EscalationPlan>();
        var readiness = app.Services.GetRequiredService<Health.Readiness>();
        app.Lifetime.ApplicationStarted.Register(() => readiness.Set(true));   // migrated, library loaded, listening
        app.Lifetime.ApplicationStopping.Register(() => readiness.Set(false));
    }

    /// Settings with which the pipeline would accept DMs and never decide or send them (a claim of none, no lanes, no
    /// sends at once) are refused at start, not found by a customer waiting: /healthz would have said healthy.
    static void CheckPipelineSettings(IServiceProvider services)
    {
        var worker = services.GetRequiredService<IOptions<WorkerOptions>>().Value;
        var outbox = services.GetRequiredService<IOptions<OutboxOptions>>().Value;
        var health = services.GetRequiredService<IOptions<HealthOptions>>().Value;
        static void AtLeastOne(string key, double value)
        {
            if (!(value >= 1)) throw new SettingsException($"{key} is {value}: it must be at least 1");
        }
        static void Positive(string key, double value)
        {
            if (!(value > 0)) throw new SettingsException($"{key} is {value}: it must be more than 0");
        }
        AtLeastOne("Worker:Lanes", worker.Lanes);
        AtLeastOne("Worker:ClaimBatch", worker.ClaimBatch);
        AtLeastOne("Worker:MaxInFlight", worker.MaxInFlight);
        Positive("Worker:LeaseSeconds", worker.LeaseSeconds);
        Positive("Worker:PollSeconds", worker.PollSeconds);
        AtLeastOne("Outbox:Concurrency", outbox.Concurrency);
        AtLeastOne("Outbox:MaxAttempts", outbox.MaxAttempts);
        Positive("Outbox:LeaseSeconds", outbox.LeaseSeconds);
        Positive("Outbox:PollSeconds", outbox.PollSeconds);
        Positive("Outbox:TimeoutSeconds", outbox.TimeoutSeconds);
        Positive("Health:StalledAfterSeconds", health.StalledAfterSeconds);
        // An idle worker comes round once a poll: a stall shorter than two polls would call every idle worker stalled.
        if (health.StalledAfterSeconds < 2 * Math.Max(worker.PollSeconds, outbox.PollSeconds))
            throw new SettingsException($"Health:StalledAfterSeconds is {health.StalledAfterSeconds}: it must be at least twice the longest poll " +
                $"(Worker:PollSeconds {worker.PollSeconds}, Outbox:PollSeconds {outbox.PollSeconds}), or idle workers read as stalled");
        AtLeastOne("Health:FailuresInARow", health.FailuresInARow);
        Positive("Health:MaxInboxWaitSeconds", health.MaxInboxWaitSeconds);
    }

    static void MapEndpoints(WebApplication app)
    {
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
    }

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
        var proxies = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.KnownProxies;
        if (proxies.Count == 0) return;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
            options.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var ip) ? ip
                : throw new InvalidOperationException($"Api:KnownProxies: '{proxy}' is not an IP address"));
        app.UseForwardedHeaders(options);
    }

    /// Settings that start but read wrong, said at start-up with how to fix them: misspelt keys, SLA targets that promise a
    /// complaint a later reply than a calm DM, and no token configured (the operator and agent APIs then answer 401 to everyone).
    static void WarnAboutSettings(WebApplication app)
    {
        foreach (var warning in SettingsSpelling.Warnings(app.Configuration)) app.Logger.LogWarning("{Warning}", warning);
        foreach (var warning in HandoffConfig.Warnings(app.Services.GetRequiredService<AutoReply.Core.Handoffs.SlaPolicies>())) app.Logger.LogWarning("{Warning}", warning);
        var apiToken = app.Configuration["Api:TokenSha256"];
        if (!string.IsNullOrWhiteSpace(apiToken) && !ExposureGuard.IsSha256Hex(apiToken))
            app.Logger.LogWarning("Api:TokenSha256 is not 64 hex digits (it has {Length} characters): it is no token, and calls with the operator's " +
                "token answer 401. Copy it again from `autoreply token`", apiToken.Trim().Length);
        var directory = app.Services.GetRequiredService<AgentDirectory>();
        if (!directory.NoTokens) return;
        if (directory.Open)
            app.Logger.LogWarning("Development mode (Api:AllowAnonymousLoopback): callers on this machine are the operator without a token. " +
                "Never use this behind a proxy or in production");
        else
            app.Logger.LogWarning("No Api:TokenSha256 and no agents are configured: the operator and agent APIs and the console answer 401. " +
                "Run `autoreply token` for a token and the Api:TokenSha256 to configure");
    }

    /// Storage:Provider — Sqlite (the default: a file under ./data) or Postgres (ConnectionStrings:AutoReply is an Npgsql
    /// connection string); see the README's "Several instances on PostgreSQL".
    internal static Storage.Database OpenDatabase(StorageOptions storage, IConfiguration config)
    {
        var connectionString = config.GetConnectionString("AutoReply");
        return storage.Provider switch
        {
            StorageProvider.Sqlite => new SqliteDatabase(connectionString ?? "Data Source=data/autoreply.db", storage.Durability),
            StorageProvider.Postgres when string.IsNullOrWhiteSpace(connectionString) => throw new InvalidOperationException(
                "Storage:Provider is Postgres but ConnectionStrings:AutoReply is not set (an Npgsql connection string, " +
                "e.g. Host=db;Username=autoreply;Password=…;Database=autoreply)"),
            StorageProvider.Postgres => new Storage.Postgres.PostgresDatabase(connectionString!, storage.Writers),
            _ => throw new InvalidOperationException($"Storage:Provider '{storage.Provider}' is not one of Sqlite, Postgres"),
        };
    }

    /// The escalation check on Quartz (cron from Escalation:CheckCron, a run at start-up, and the one-shot trigger
    /// the job keeps at the next due time), the satisfaction questions and retention, and the sender of the escalations'
    /// notifications. Quartz takes the host's TimeProvider, so tests drive its triggers with a fake clock.
    static void AddScheduledJobs(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Storage.Handoffs.EscalationStore>();
        services.AddSingleton<Storage.Handoffs.CsatStore>();
        services.AddSingleton<Storage.Handoffs.NotificationStore>();
        services.AddSingleton(sp => new Core.Handoffs.EscalationPlan(
            BusinessHoursConfig.Build(sp.GetRequiredService<IOptions<BusinessHoursOptions>>().Value),
            HandoffConfig.Tiers(sp.GetRequiredService<IOptions<EscalationOptions>>().Value), sp.GetRequiredService<Core.Handoffs.SlaPolicies>()));
        // Notifications go out from any instance (a lease keeps it to one at a time), also one that checks nothing.
        services.AddHttpClient(Escalation.NotificationSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<Escalation.NotificationSender>();
        using var bound = BoundOptions(config);
        var escalation = bound.GetRequiredService<IOptions<EscalationOptions>>().Value;
        if (!escalation.Enabled) return;
        var cron = Cron("Escalation:CheckCron", escalation.CheckCron);
        var csatCron = Cron("Csat:CheckCron", bound.GetRequiredService<IOptions<CsatOptions>>().Value.CheckCron);
        var lapseCron = Cron("Flows:LapseCron", bound.GetRequiredService<IOptions<FlowOptions>>().Value.LapseCron);
        var privacy = bound.GetRequiredService<IOptions<PrivacyOptions>>().Value;
        var retentionCron = Cron("Privacy:RetentionCron", privacy.RetentionCron);
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
            q.AddJob<Escalation.FlowLapseJob>(j => j.WithIdentity(Escalation.FlowLapseJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Escalation.FlowLapseJob.Key).WithIdentity("flow-lapse-cron", "autoreply")
                .WithCronSchedule(lapseCron, s => s.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            // Retention runs where the checks run: one instance of a cluster is enough (running on several is harmless).
            q.AddJob<Privacy.RetentionJob>(j => j.WithIdentity(Privacy.RetentionJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(Privacy.RetentionJob.Key).WithIdentity("retention-cron", "autoreply")
                .WithCronSchedule(retentionCron, s => s.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }

    static string Cron(string key, string value) => Quartz.CronExpression.TryParse(value, out _) ? value
        : throw new InvalidOperationException($"{key} '{value}' is not a Quartz cron expression (seconds first, e.g. \"0 * * * * ?\")");

    /// The engine's settings from configuration alone, for verbs that run the engine without the host.
    internal static EngineSettings EngineSettingsFrom(IConfiguration config)
    {
        try
        {
            using var bound = BoundOptions(config);
            return EngineSettingsFrom(bound);
        }
        catch (InvalidOperationException e) when (e is not SettingsException)
        {
            // A value the binder cannot read ("30min" for a duration): said as the setting it is, in one line.
            throw new SettingsException(e.Message);
        }
    }

    static Core.Library.DialogLibrary LoadLibrary(DialogOptions o)
    {
        var result = LibraryFiles.LoadDirectory(o.Path, o.DefaultLanguage, LibraryFiles.Training(o));
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
        var sla = sp.GetRequiredService<Core.Handoffs.SlaPolicies>();   // the one the agents' re-judging dates hand-offs by too
        var hours = sla.Hours;
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
                MaxUnknownShare = matching.MaxUnknownShare, RequireSharedWord = matching.RequireSharedWord, OwnWordsLead = matching.OwnWordsLead,
                OwnWordsLeadYieldsFrom = matching.OwnWordsLeadYieldsFrom,
                OfferPersonBelow = matching.OfferPersonBelow, SuggestFrom = matching.SuggestFrom, FlowValueFrom = matching.FlowValueFrom,
                InterruptFlowFrom = matching.InterruptFlowFrom,
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

namespace AutoReply.Service.Configuration;

// The configuration tree, bound from appsettings.json, environment variables (AutoReply__X or X__Y) and the
// command line. Defaults here are the embedded defaults; appsettings.json repeats them so they are visible.

public sealed class GenericChannelOptions
{
    public string? OutboundUrl { get; set; }
    /// HMAC-SHA256 key for X-AutoReply-Signature. Required when the service listens beyond loopback.
    public string? Secret { get; set; }
    public int MaxTextLength { get; set; } = 4000;
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

/// This process among the instances that share one database (see README, "Several instances on PostgreSQL").
public sealed class InstanceOptions
{
    /// A stable id, unique per running instance: a restart under it gives back its previous run's claims at once.
    public string? Id { get; set; }
    public double HeartbeatSeconds { get; set; } = 1;
    /// An instance silent this long is dead: the others give back its claims and take over its threads.
    public double DeadAfterSeconds { get; set; } = 5;
}

public sealed class WorkerOptions
{
    /// Turns run in this many lanes; a thread always maps to the same lane, so its turns stay in order.
    public int Lanes { get; set; } = 16;
    public int ClaimBatch { get; set; } = 256;
    public int MaxInFlight { get; set; } = 4096;
    public int LeaseSeconds { get; set; } = 30;
    public double PollSeconds { get; set; } = 1;
    /// On a stop, the DMs already acknowledged are decided for at most this long before the process goes (0: none are).
    public double DrainSeconds { get; set; } = 10;
}

/// When /healthz says unhealthy besides a stopped worker or the database away.
public sealed class HealthOptions
{
    /// A worker whose loop has not come round for this long is stalled (its loop comes round at least every poll).
    public double StalledAfterSeconds { get; set; } = 60;
    /// A worker whose passes failed this many times in a row is failing (a pass is retried about every second).
    public int FailuresInARow { get; set; } = 3;
    /// A DM waiting longer than this for its decision makes the service unhealthy: it does not keep up, or a DM is stuck.
    public double MaxInboxWaitSeconds { get; set; } = 120;
}

public sealed class OutboxOptions
{
    public int MaxAttempts { get; set; } = 8;
    public int BaseDelayMs { get; set; } = 1000;
    public int MaxDelaySeconds { get; set; } = 600;
    public double TimeoutSeconds { get; set; } = 10;
    public int Concurrency { get; set; } = 64;
    public int LeaseSeconds { get; set; } = 60;
    public double PollSeconds { get; set; } = 1;
}

public sealed class AcknowledgementOptions
{
    // What the acknowledgement promises comes from the SLA policies (Sla:Categories:general:FirstResponse).
    /// At most one acknowledgement per thread in this period.
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class PolicyOptions
{
    public List<string> OptOutWords { get; set; } = [];
    public List<string> OptInWords { get; set; } = [];
}

public sealed class BusinessHoursOptions
{
    public string TimeZone { get; set; } = "Europe/Berlin";
    /// Per weekday: "09:00-17:00", several as "09:00-12:00, 13:00-17:00" (not overlapping), or "closed" (a blank day is refused).
    public Dictionary<string, string> Week { get; set; } = [];
    /// Local dates, "2026-12-25", or ranges of them, "2027-05-03..2027-11-19" (both days closed).
    public List<string> Holidays { get; set; } = [];
    /// Stretches of every year with a week of their own (the first that covers a date decides it): From and To as month
    /// and day, "02-01" and "02-28", inclusive, across the year's end when To comes first; Week as above, a day left out
    /// closed.
    public List<SeasonOptions> Seasons { get; set; } = [];
}

public sealed class SeasonOptions
{
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public Dictionary<string, string> Week { get; set; } = [];
}

public sealed class DialogOptions
{
    public string Path { get; set; } = "dialogs";
    public string DefaultLanguage { get; set; } = "en";
    /// The built-in lexicon of synonyms and translations (Core/Matching/Concepts.tsv) as matcher terms. Off: on a library
    /// written after it was chosen, it answered more out-of-scope DMs wrongly (docs/measurements.md, "Judgement: history"). A library's own
    /// `synonyms:` groups count either way.
    public bool BuiltinSynonyms { get; set; }
}

public enum StorageProvider { Sqlite, Postgres }

public sealed class StorageOptions
{
    /// Sqlite (default) or Postgres (ConnectionStrings:AutoReply is then an Npgsql connection string).
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
    /// Full (default): a commit survives power loss. Normal: it survives a crash of the process, not of the machine.
    public Storage.Sqlite.Durability Durability { get; set; } = Storage.Sqlite.Durability.Full;
    /// PostgreSQL: transactions the writer commits side by side (each holds one pooled connection). SQLite: always one.
    /// One gathers the most work into each commit: on two cores shared with the database, two instances at 500 DMs/s
    /// kept up better with one (485-493 DMs/s delivered, p50 2.9-7.0 s) than with four (426-440, p50 11.0-11.8 s).
    /// More pay when the database is on another host and the writer waits on round trips (its busy time near 100%).
    public int Writers { get; set; } = 1;
}

public sealed class ApiOptions
{
    /// Hex SHA-256 of the operator's bearer token (`autoreply token` makes one). Unset, with no agents either: nobody is
    /// let into the operator and agent APIs — unless <see cref="AllowAnonymousLoopback"/> is on.
    public string? TokenSha256 { get; set; }

    /// Development only (on in appsettings.Development.json, which `dotnet run` uses): with no token configured, a
    /// caller on this machine is the operator — unless the request came through a proxy (it carries forwarding
    /// headers), which would make every caller on the internet look local.
    public bool AllowAnonymousLoopback { get; set; }

    /// Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed; from anyone else they are not.
    public List<string> KnownProxies { get; set; } = [];
}

public sealed class MatchingOptions
{
    /// Answer when the judge (Matching.AnswerJudge) finds the best answer at least this likely to be right.
    public float AnswerThreshold { get; set; } = 0.6f;
    /// Two answers closer than this ask "Did you mean …?".
    public float AmbiguityMargin { get; set; } = 0.15f;
    /// A DM with at least this share of content words the library has never seen is not answered (1: never).
    public float MaxUnknownShare { get; set; } = 0.75f;
    /// The answer given must share a content word with the DM.
    public bool RequireSharedWord { get; set; } = true;
    /// The DM must hold no more of the words customers use to ask for other answers than of the answer given.
    public bool OwnWordsLead { get; set; } = true;
    /// … except against a match the matcher is at least this sure of and the judge gives. Above 1: never.
    public float OwnWordsLeadYieldsFrom { get; set; } = 0.95f;
    /// An answer judged less likely right than this ends with the offer of a person; a "no" to it hands off. 0: never.
    public float OfferPersonBelow { get; set; } = 0.8f;
    /// A DM handed off with an answer judged at least this likely (below AnswerThreshold) gets it suggested under the
    /// acknowledgement, as a quick reply. 0: never.
    public float SuggestFrom { get; set; } = 0.35f;
    /// A DM that holds the value its best answer's flow asks for by the library's own pattern (an order number) starts that
    /// flow from this matcher confidence on, whatever the judge reads. Above 1: never.
    public float FlowValueFrom { get; set; } = 0.8f;
    /// Mid-flow, a new question is answered only from this matcher confidence on, and only when the judge would give it (AnswerThreshold).
    public float InterruptFlowFrom { get; set; } = 0.9f;
    /// The detected language is used when the detector is at least this sure; else the thread's language.
    public double LanguageConfidence { get; set; } = 0.8;
}

public sealed class FlowOptions
{
    /// Whole-message words that end a flow at any step; empty: the built-in list (cancel, abbrechen, peruuta …).
    public List<string> CancelWords { get; set; } = [];
    /// Whole-message words that hand a flow to a person at any step; empty: the built-in list (agent, Mitarbeiter …).
    public List<string> AgentWords { get; set; } = [];
    /// A flow the customer leaves this long lapses: one only a person can finish (a callback, a lead, a refund) goes to a
    /// person then, with what it collected; any other ends silently.
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
    /// When the check for lapsed flows runs (Quartz cron, seconds first).
    public string LapseCron { get; set; } = "15 * * * * ?";
}

public sealed class RecognizerOptions
{
    /// ISO region for phone numbers written without a country code.
    public string PhoneRegion { get; set; } = "DE";
}

public sealed class AgentOptions
{
    public string Id { get; set; } = "";
    /// The name customers see in saved replies ({agent}); the id when unset.
    public string? Name { get; set; }
    public string Team { get; set; } = "support";
    /// Hex SHA-256 of the agent's bearer token; the token itself is never configured or stored.
    public string TokenSha256 { get; set; } = "";
}

public sealed class HandoffOptions
{
    /// Category → team; categories not listed go to DefaultTeam.
    public Dictionary<string, string> Teams { get; set; } = [];
    public string DefaultTeam { get; set; } = "support";
    /// How long a reply a person wrote in the platform's own inbox (see Channels:Meta:AppId) keeps the bot out of the
    /// thread, counted from that reply; a hand-off open in the thread keeps it out until it is resolved, as always.
    public TimeSpan PersonReplyHold { get; set; } = TimeSpan.FromHours(12);
}

public sealed class EscalationOptions
{
    /// Words that send a DM straight to a person as an urgent complaint; empty: the built-in list (lawyer, Anwalt …).
    public List<string> LegalWords { get; set; } = [];
    /// Words that mark a DM as angry (priority high); empty: the built-in list.
    public List<string> AngerWords { get; set; } = [];
    /// Phrases of business impact ("charged twice", "doppelt abgebucht"; priority high); empty: the built-in list.
    public List<string> ImpactWords { get; set; } = [];
    /// Sender ids ("u-123", or "channel:id") whose hand-offs are high priority: shorthand for a tier "vip".
    public List<string> VipSenders { get; set; } = [];
    /// False: this instance runs no escalation or CSAT checks (another instance on the database does).
    public bool Enabled { get; set; } = true;
    /// When the escalation check runs (Quartz cron, seconds first). Exact-time triggers fire at each due time besides.
    public string CheckCron { get; set; } = "0 * * * * ?";
    /// Who hears of a hand-off at risk. Tier 1 gets the warnings; tier 2 the breach (After: 0); tier 3 and up fire
    /// when the first response is this much business time late.
    public List<EscalationTierOptions> Tiers { get; set; } = [];
    /// HMAC-SHA256 key for the X-AutoReply-Signature header on notification webhooks (unset: unsigned).
    public string? WebhookSecret { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
    public int MaxAttempts { get; set; } = 8;
    public double TimeoutSeconds { get; set; } = 10;
}

public sealed class EscalationTierOptions
{
    public string Name { get; set; } = "";
    /// Business time after the first-response breach at which this tier is told (tier 2 and up).
    public TimeSpan After { get; set; }
    public string? WebhookUrl { get; set; }
    /// E-mail addresses, comma-separated; sent through Escalation:Smtp.
    public string? Email { get; set; }
    /// When set, an unclaimed hand-off moves to this team's queue when this tier fires.
    public string? Team { get; set; }
}

public sealed class SmtpOptions
{
    /// Unset: no e-mail is sent (webhooks and the transcript still record every escalation).
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// StartTls (default), SslOnConnect or None (only for a relay on the same host or network).
    public string Security { get; set; } = "StartTls";
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "autoreply@localhost";
}

public sealed class SlaTargetOptions
{
    public TimeSpan FirstResponse { get; set; }
    public TimeSpan Resolution { get; set; }
    /// The share of the first-response budget after which the warning goes out.
    public double WarningAt { get; set; } = 0.75;
    /// The budgets in clock time, not business time: someone is on call at night and on holidays (urgent, for a brand with an
    /// emergency service).
    public bool AroundTheClock { get; set; }
}

public sealed class SlaOptions
{
    /// Per category (general is the fallback for any other); missing categories keep the built-in targets.
    public Dictionary<string, SlaTargetOptions> Categories { get; set; } = [];
    /// Per priority (low, normal, high, urgent): tightens any category's target at that priority.
    public Dictionary<string, SlaTargetOptions> Priorities { get; set; } = [];
}

public sealed class CustomerTierOptions
{
    /// low, normal, high or urgent: the least priority this tier's hand-offs get.
    public string Priority { get; set; } = "high";
    public List<string> Senders { get; set; } = [];
}

public sealed class MetaPageOptions
{
    /// The Facebook page id, or the Instagram professional account id (the entry id of its webhooks).
    public string Id { get; set; } = "";
    /// The page access token (Instagram messaging uses the token of the page the account is linked to).
    public string AccessToken { get; set; } = "";
    /// Answer complaint-like public comments with one public invitation to DM (off by default).
    public bool PublicReplies { get; set; }
}

public sealed class MetaChannelOptions
{
    /// The app secret: X-Hub-Signature-256 is HMAC-SHA256 of the raw body with it. Unset: /webhooks/meta is off.
    public string? AppSecret { get; set; }
    /// What the GET verification handshake must present as hub.verify_token.
    public string? VerifyToken { get; set; }
    /// The app's id (the app_id of its message echoes). Set: a message the page sends from another app (a person in Meta
    /// Business Suite or the Page Inbox) is recorded and holds the thread from the bot (Handoffs:PersonReplyHold).
    public string? AppId { get; set; }
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com/v21.0/";
    public List<MetaPageOptions> Pages { get; set; } = [];
    /// Sends per second per page at most.
    public double MessagesPerSecond { get; set; } = 20;
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}

public sealed class XAccountOptions
{
    /// The X user id of the brand's account (for_user_id of its webhooks).
    public string UserId { get; set; } = "";
    /// A user-context OAuth 2.0 access token with dm.write (and tweet.write for public replies).
    public string AccessToken { get; set; } = "";
    public bool PublicReplies { get; set; }
}

public sealed class XChannelOptions
{
    /// The app's consumer secret: the CRC answer and x-twitter-webhooks-signature use it. Unset: /webhooks/x is off.
    public string? ConsumerSecret { get; set; }
    public string ApiBaseUrl { get; set; } = "https://api.x.com/";
    /// The app's id (source_app_id of the DMs it sends). Set: a DM the account sends from another app (a person in X's
    /// own app) is recorded and holds the thread from the bot (Handoffs:PersonReplyHold).
    public string? AppId { get; set; }
    public List<XAccountOptions> Accounts { get; set; } = [];
    public double MessagesPerSecond { get; set; } = 1;
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
    /// CRC challenges answered per caller address and minute (X sends one at registration and about hourly). Behind a
    /// reverse proxy every caller has the proxy's address, so one flood would also refuse X's own checks: there, forward
    /// the client address (issue 15) or raise this.
    public int CrcPerMinute { get; set; } = 60;
}

public sealed class PublicReplyOptions
{
    /// One public invitation per author and account in this period, however many comments they write.
    public TimeSpan PerAuthor { get; set; } = TimeSpan.FromHours(24);
    /// A DM from an invited author within this period is linked to the comment.
    public TimeSpan LinkWithin { get; set; } = TimeSpan.FromDays(7);
}

/// How long conversations are kept (GDPR Art. 5(1)(e)), and when the retention job runs.
/// Sales reported by the shop (POST /api/conversions) and how they are tied to DM threads.
public sealed class ConversionOptions
{
    /// A sale counts for the DM thread whose last DM came at most this long before it (or, for a sender not heard from
    /// yet, whose first DM comes at most this long after it).
    public TimeSpan AttributeWithin { get; set; } = TimeSpan.FromDays(7);
    /// Lets the shop system sign its calls (X-AutoReply-Signature: sha256=HMAC of the body) instead of holding the
    /// operator's token. Unset: only the operator's token is taken.
    public string? WebhookSecret { get; set; }
}

public sealed class PrivacyOptions
{
    /// Threads without activity for this long (and no open hand-off) are erased; 0 keeps everything. Two years by default:
    /// long enough for warranty questions and disputes about an order, short enough to be defended as "needed".
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(730);
    /// When the retention job runs (Quartz cron, seconds first): nightly at 03:30.
    public string RetentionCron { get; set; } = "0 30 3 * * ?";
    /// Threads erased per write transaction.
    public int RetentionBatch { get; set; } = 100;
}

/// Telling customers they talk to an automated system (EU AI Act Art. 50(1)); the text is `disclosure` in messages.yaml.
public sealed class DisclosureOptions
{
    public bool Enabled { get; set; } = true;
    /// Told again before the first automated message after this long without a disclosure.
    public TimeSpan RepeatAfter { get; set; } = TimeSpan.FromHours(24);

    public Core.Privacy.DisclosureSettings Settings() => new(Enabled, NodaTime.Duration.FromTimeSpan(RepeatAfter));
}

public sealed class CsatOptions
{
    /// Ask for a satisfaction score after a hand-off is resolved.
    public bool Enabled { get; set; } = true;
    /// How long after the resolve the question goes.
    public TimeSpan Delay { get; set; } = TimeSpan.FromMinutes(10);
    /// An answer counts this long after the question.
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromHours(24);
    public string CheckCron { get; set; } = "30 * * * * ?";
}

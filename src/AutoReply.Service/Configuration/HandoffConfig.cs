using AutoReply.Core.Handoffs;
using AutoReply.Core.Time;
using NodaTime;

namespace AutoReply.Service.Configuration;

/// Turns the Sla, Customers and Escalation sections into the engine's policies, or says exactly what is wrong.
static class HandoffConfig
{

    public static SlaPolicies Sla(SlaOptions o, BusinessHours hours)
    {
        var categories = new Dictionary<string, SlaTarget>(SlaPolicies.DefaultTargets);
        foreach (var (name, t) in o.Categories) categories[name] = Target($"Sla:Categories:{name}", t);
        var priorities = SlaPolicies.DefaultPriorities();
        foreach (var (name, t) in o.Priorities) priorities[ParsePriority($"Sla:Priorities:{name}", name)] = Target($"Sla:Priorities:{name}", t);
        return new SlaPolicies(hours, categories, priorities);
    }

    /// What the SLA targets promise that reads wrong to customers, said at start-up: a complaint (the complaint category, where
    /// the library's complaint answers and many angry DMs go) promised a later first reply than a calm general DM (QA round 40
    /// set complaints to a "within one workday" 10 h beside the general 2 h, and its angry DMs were promised "tomorrow 18:00",
    /// the calm ones 10:00).
    public static IEnumerable<string> Warnings(SlaPolicies sla)
    {
        var complaint = sla.TargetFor("complaint", Priority.Normal).FirstResponse;
        var calm = sla.TargetFor(SlaPolicies.Fallback, Priority.Normal).FirstResponse;
        if (complaint > calm)
            yield return $"Sla: a complaint is promised a first reply within {TimeWording.Span(complaint, "en")} (Sla:Categories:complaint), " +
                $"a calm DM within {TimeWording.Span(calm, "en")} (Sla:Categories:{SlaPolicies.Fallback}): the complaining customer hears the " +
                $"later time. Set complaint's FirstResponse to {TimeWording.Span(calm, "en")} or less";
    }

    public static EscalationSignals Signals(EscalationOptions o, Dictionary<string, CustomerTierOptions> tiers)
    {
        var customerTiers = tiers
            .Select(t => new CustomerTier(t.Key, ParsePriority($"Customers:Tiers:{t.Key}:Priority", t.Value.Priority), t.Value.Senders)).ToList();
        if (o.VipSenders.Count > 0) customerTiers.Add(new CustomerTier("vip", Core.Handoffs.Priority.High, o.VipSenders));
        return new EscalationSignals(new SignalWords(o.LegalWords, o.AngerWords, o.ImpactWords), customerTiers);
    }

    /// The escalation tiers; without configuration, three named tiers that only record (no webhook, no e-mail).
    public static IReadOnlyList<EscalationTier> Tiers(EscalationOptions o)
    {
        var tiers = o.Tiers.Count > 0 ? o.Tiers
            : [new() { Name = "team" }, new() { Name = "team lead" }, new() { Name = "head of customer care", After = TimeSpan.FromHours(2) }];
        return tiers.Select((t, i) =>
        {
            if (t.After < TimeSpan.Zero) throw new SettingsException($"Escalation:Tiers:{i}:After must not be negative");
            if (!string.IsNullOrEmpty(t.WebhookUrl) && !Uri.TryCreate(t.WebhookUrl, UriKind.Absolute, out _))
                throw new SettingsException($"Escalation:Tiers:{i}:WebhookUrl '{t.WebhookUrl}' is not an absolute URL");
            var emails = (t.Email ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var e in emails)
                if (!MimeKit.MailboxAddress.TryParse(e, out var address) || !address.Address.Contains('@'))
                    throw new SettingsException($"Escalation:Tiers:{i}:Email '{e}' is not an e-mail address");
            return new EscalationTier(i + 1, string.IsNullOrWhiteSpace(t.Name) ? $"tier {i + 1}" : t.Name, Duration.FromTimeSpan(t.After),
                string.IsNullOrEmpty(t.WebhookUrl) ? null : t.WebhookUrl, emails, string.IsNullOrWhiteSpace(t.Team) ? null : t.Team);
        }).ToList();
    }

    static Priority ParsePriority(string key, string name)
    {
        return PriorityNames.TryParse(name, out var priority) ? priority
            : throw new SettingsException($"{key}: '{name}' is not a priority ({string.Join(", ", PriorityNames.All)})");
    }

    static SlaTarget Target(string key, SlaTargetOptions t)
    {
        if (t.FirstResponse <= TimeSpan.Zero || t.Resolution <= TimeSpan.Zero)
            throw new SettingsException($"{key}: FirstResponse and Resolution are both required, as durations like \"02:00:00\" or \"1.00:00:00\"");
        if (t.Resolution < t.FirstResponse) throw new SettingsException($"{key}: Resolution is shorter than FirstResponse");
        if (t.WarningAt is <= 0 or > 1) throw new SettingsException($"{key}: WarningAt is a share of the budget, above 0 and at most 1 (0.75)");
        return new SlaTarget(Duration.FromTimeSpan(t.FirstResponse), Duration.FromTimeSpan(t.Resolution), t.WarningAt, t.AroundTheClock);
    }
}

using AutoReply.Service.Tests.Harness;
using Microsoft.Playwright;

namespace AutoReply.Service.Tests;

/// The agent console in a real browser: Debian's chromium, headless, driven by Playwright (`.ci/run` installs the
/// chromium package). Set AUTOREPLY_SCREENSHOTS to a folder to have the queue, thread and metrics pages saved there
/// (that is how docs/ got its pictures).
public sealed class ConsoleBrowserTests
{
    const string Chromium = "/usr/bin/chromium";
    const string Xss = "<img src=x onerror=alert(1)> hello? Question about the carbon figures in your annual report";

    [Fact]
    public async Task An_agent_signs_in_sees_a_new_hand_off_answers_it_with_a_saved_reply_resolves_it_and_sees_the_metrics()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does)");
        await using var receiver = await Receiver.Start();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Name"] = "Ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
            ["Handoffs:Teams:billing"] = "finance",
        });
        var shots = Environment.GetEnvironmentVariable("AUTOREPLY_SCREENSHOTS");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { BaseURL = service.Http.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 860 },
            TimezoneId = "America/New_York" });
        var dialogs = new List<string>();
        page.Dialog += (_, d) => { dialogs.Add(d.Message); _ = d.DismissAsync(); };
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);

        // A wrong token cannot sign in.
        await page.GotoAsync("/console");
        await page.FillAsync("#token", "not-a-token");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("That token is not valid.");
        Assert.True(await page.Locator("#workspace").IsHiddenAsync());

        await page.FillAsync("#token", "ana-token");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(page.Locator("#workspace")).ToBeVisibleAsync();
        // Times are the brand's (its business hours' zone), wherever the agent's browser is (QA round 18).
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("Ana · team support · times in Europe/Berlin");

        // A new DM the bot cannot answer appears in the queue without a reload; its text is shown as text.
        await service.Post(TestService.Dm("m-1", "t-console", Xss, sender: "u-7", name: "Ben Buyer"));
        await service.Post(TestService.Dm("m-2", "t-urgent", "The charger you sold me caught fire, I'm calling my lawyer", sender: "u-8", name: "Cleo Customer"));
        var row = page.Locator("#queue li[data-thread='t-console']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15000 });
        // The urgent one is due first (15 minutes) and shown first, in the urgent colour.
        await Assertions.Expect(page.Locator("#queue li").First).ToHaveAttributeAsync("data-thread", "t-urgent");
        await Assertions.Expect(page.Locator("#queue li").First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("p-urgent"));
        await Assertions.Expect(row).ToContainTextAsync("due in");
        await Assertions.Expect(row).ToContainTextAsync("waiting");
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "console-queue.png") });

        await row.ClickAsync();
        var dm = page.Locator("#transcript li.in");
        await Assertions.Expect(dm).ToContainTextAsync("<img src=x onerror=alert(1)>");
        Assert.Equal(0, await page.Locator("#transcript img").CountAsync());

        await page.ClickAsync("#claim");
        await Assertions.Expect(page.Locator("#thread-badges")).ToContainTextAsync("@ana");
        await page.SelectOptionAsync("#saved", "greeting");
        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync("Hi Ben, this is Ana from the customer care team. I've read your messages and I'm on it.");
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "console-thread.png") });
        await page.ClickAsync("#send");
        var sent = await receiver.WaitUntil(d => d.Any(r => r.Kind == "agent"), "the agent's reply at the customer's side");
        Assert.Equal("Hi Ben, this is Ana from the customer care team. I've read your messages and I'm on it.", sent.Single(r => r.Kind == "agent").Text);
        await Assertions.Expect(page.Locator("#transcript li.out.agent")).ToBeVisibleAsync();
        await Assertions.Expect(row).Not.ToContainTextAsync("waiting");   // a person answered: the customer is not waiting
        // "Waiting for the customer's answer" is chosen for one reply of one hand-off: opening another clears it (it once
        // carried over, and stopped the next hand-off's resolution clock unasked). A queue card opens from the keyboard too.
        await page.CheckAsync("#wait");
        await page.Locator("#queue li[data-thread='t-urgent']").FocusAsync();
        await page.WaitForTimeoutAsync(2500);   // a poll redraws the queue in between: the card keeps the focus
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#thread-title")).ToContainTextAsync("t-urgent");
        await Assertions.Expect(page.Locator("#wait")).Not.ToBeCheckedAsync();
        await row.ClickAsync();
        await Assertions.Expect(page.Locator("#transcript li.out.agent")).ToBeVisibleAsync();

        await page.ClickAsync("#resolve");
        await Assertions.Expect(page.Locator("#thread-badges")).ToContainTextAsync("resolved");
        await Assertions.Expect(row).ToHaveCountAsync(0);   // gone from the open hand-offs

        // The open hand-off is re-judged as billing (by Ana, in another tab), which another team works: the console closes
        // it and says why, once, instead of polling into 403s.
        var urgent = page.Locator("#queue li[data-thread='t-urgent']");
        await urgent.ClickAsync();
        var urgentId = await urgent.GetAttributeAsync("data-id");
        var moved = await service.Http.SendAsync(Agents.As("ana-token", HttpMethod.Post, $"/api/handoffs/{urgentId}/priority", new { category = "billing" }));
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        await Assertions.Expect(page.Locator("#queue-notice")).ToHaveTextAsync("The hand-off you had open moved to another team's queue.");
        await Assertions.Expect(page.Locator("#thread")).ToBeHiddenAsync();
        await Assertions.Expect(urgent).ToHaveCountAsync(0);

        await page.GotoAsync("/console/metrics");
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("responsive");
        await Assertions.Expect(page.Locator("#kpi-human")).Not.ToHaveTextAsync("–");
        await Assertions.Expect(page.Locator("#chart-categories rect")).ToHaveCountAsync(2);   // general, billing (was complaint)
        await Assertions.Expect(page.Locator("#verdict-why")).ToContainTextAsync("2 conversations");
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "console-metrics.png"), FullPage = true });
        // The page keeps itself up to date: a new conversation shows without a reload.
        await service.Post(TestService.Dm("m-3", "t-later", "What are your opening hours?", sender: "u-9"));
        await Assertions.Expect(page.Locator("#verdict-why")).ToContainTextAsync("3 conversations", new() { Timeout = 15000 });

        // On a phone-sized screen the console fits its width: the queue above the thread, nothing to scroll sideways.
        await service.Post(TestService.Dm("m-4", "t-phone", "I want to talk to a person about my order, it never came", sender: "u-10", name: "Dana Dee"));
        await page.SetViewportSizeAsync(420, 860);
        await page.GotoAsync("/console/metrics");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 420, "the metrics page is wider than a 420-pixel screen");
        await page.GotoAsync("/console");
        await page.Locator("#queue li[data-thread='t-phone']").ClickAsync(new() { Timeout = 15000 });
        await Assertions.Expect(page.Locator("#transcript li.in")).ToContainTextAsync("never came");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 420, "the console is wider than a 420-pixel screen");

        Assert.Empty(dialogs);      // the DM's markup never ran
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task The_queue_card_previews_the_DM_in_words_and_the_gaps_page_turns_a_group_into_an_answer()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does)");
        await using var receiver = await Receiver.Start();
        var dialogs = Cli.CopyOfDialogs();
        await using var service = await TestService.Start(receiver, settings: new Dictionary<string, string?>
        {
            ["Agents:0:Id"] = "ana", ["Agents:0:Name"] = "Ana", ["Agents:0:Team"] = "support", ["Agents:0:TokenSha256"] = Agents.Hash("ana-token"),
            ["Dialogs:Path"] = dialogs,
        });
        var shots = Environment.GetEnvironmentVariable("AUTOREPLY_SCREENSHOTS");
        string[] engraving = ["can you engrave a name on the bracelet?\nit's for my sister", "do you offer engraving", "could u engrave initials on it pls"];
        for (var i = 0; i < engraving.Length; i++)
            await service.Post(TestService.Dm($"m-{i}", $"t-{i}", engraving[i], sender: $"u-{i}", name: "Ben Buyer"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { BaseURL = service.Http.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        await page.GotoAsync("/console");
        await page.FillAsync("#token", TestService.OperatorToken);
        await page.ClickAsync("#sign-in-form button[type=submit]");

        // The card: the first line of the latest DM, the channel, how long the customer has waited, the reason in words.
        var card = page.Locator("#queue li[data-thread='t-0']");
        await Assertions.Expect(card).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(card.Locator(".preview")).ToHaveTextAsync("can you engrave a name on the bracelet?");
        await Assertions.Expect(card).ToContainTextAsync("generic");
        await Assertions.Expect(card).ToContainTextAsync("waiting");
        await Assertions.Expect(card).ToContainTextAsync("not something the bot answers");
        await card.ClickAsync();
        await Assertions.Expect(page.Locator("#thread-badges")).ToContainTextAsync("unclaimed");
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "console-queue-preview.png") });
        foreach (var text in new[] { await page.Locator("header").InnerTextAsync(), await page.Locator("#workspace").InnerTextAsync() })
        {
            Assert.DoesNotContain("null", text);
            Assert.DoesNotContain("undefined", text);
        }

        // The gaps page: the group, its change shown as a diff, then written; the next such DM is answered.
        await page.GotoAsync("/console/gaps");
        var group = page.Locator("#clusters > li").First;
        await Assertions.Expect(group).ToContainTextAsync("3 DMs");
        await Assertions.Expect(group).ToContainTextAsync("do you offer engraving");
        await group.Locator("input[aria-label='New answer id']").FillAsync("engraving");
        await group.Locator("input[aria-label='Title']").FillAsync("Engraving");
        await group.Locator("textarea[aria-label='Reply']").FillAsync("We engrave rings and bracelets for 9.90 EUR.");
        await group.Locator(".gap-form").Nth(1).Locator("button").ClickAsync();
        await Assertions.Expect(group.Locator("pre.diff")).ToContainTextAsync("+  - id: \"engraving\"");
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "console-gaps.png"), FullPage = true });
        await group.Locator("button", new() { HasTextString = "Write to" }).ClickAsync();
        await Assertions.Expect(group).ToContainTextAsync("and live");
        var gapsText = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("null", gapsText);
        Assert.DoesNotContain("undefined", gapsText);

        await service.Post(TestService.Dm("m-next", "t-next", "can you engrave my ring?", sender: "u-next"));
        var answered = await receiver.WaitUntil(d => d.Any(r => r.Text.Contains("We engrave")), "the new answer");
        Assert.Contains(answered, r => r.Text.Contains("We engrave"));
        Assert.Empty(pageErrors);
    }
}

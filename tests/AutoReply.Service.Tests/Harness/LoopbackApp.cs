using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoReply.Service.Tests.Harness;

/// A small real HTTP server on a free loopback port, for the other side of a test: a reply receiver, an order system.
public static class LoopbackApp
{
    public const string NoReload = "--hostBuilder:reloadConfigOnChange=false";

    /// Starts the app with the routes <paramref name="map"/> adds; returns it and its base address ("http://127.0.0.1:PORT").
    public static async Task<(WebApplication App, string Address)> Start(Action<WebApplication> map)
    {
        // No configuration file watchers: each costs an inotify instance, and a test run starts many hosts at once
        // (Linux allows 128 per user by default).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [NoReload] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}

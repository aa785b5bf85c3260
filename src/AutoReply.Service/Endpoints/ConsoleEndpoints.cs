using Microsoft.Extensions.FileProviders;

namespace AutoReply.Service.Endpoints;

/// The agent console and the metrics page: static files shipped beside the binary (console/), no CDN, no build
/// step. Served with a Content-Security-Policy that allows only the service's own scripts and styles, so even a
/// mistake that put customer text into HTML could not run a script.
public static class ConsoleEndpoints
{
    public static void MapConsole(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "console");
        if (!Directory.Exists(root)) return;
        var files = new PhysicalFileProvider(root);
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/console"))
            {
                http.Response.Headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
                if (http.Request.Path.Value is "/console" or "/console/") http.Request.Path = "/console/index.html";
                else if (http.Request.Path.Value is "/console/metrics") http.Request.Path = "/console/metrics.html";
                else if (http.Request.Path.Value is "/console/gaps") http.Request.Path = "/console/gaps.html";
            }
            await next();
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/console" });
    }
}

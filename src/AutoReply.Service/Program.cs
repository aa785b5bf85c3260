using AutoReply.Service;

// autoreply: with no verb, runs the service; later issues add verbs (check, ask, eval, recognize).
var app = ServiceHost.Build(args);
await app.RunAsync();

using TeamsKiCoach.Bot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCoaching();

var app = builder.Build();
await app.MapCoachingAsync();
await app.RunAsync();

public partial class Program;

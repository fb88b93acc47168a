use clap::Parser;
use partner_center::config::{Cli, Command};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();

    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => partner_center::server::serve(cli.config).await,
        Command::Migrate => partner_center::db::Database::connect(&cli.config.database_url())
            .await
            .map(|_| println!("migrations applied")),
        Command::Bench { suite, postgres } => match suite.as_str() {
            "products" => partner_center::server::bench::products(postgres).await,
            "orders" => partner_center::server::bench_orders::run(postgres).await,
            "promotions" => partner_center::server::bench_promotions::run(postgres).await,
            other => Err(format!("unknown bench suite {other:?} (known: products, orders, promotions)")),
        },
        Command::Simulate { url, keys, rate, duration, seed } => {
            partner_center::simulate::run(partner_center::simulate::SimulateOptions {
                base_url: url,
                keys_file: keys,
                orders_per_minute: rate,
                duration_secs: duration,
                seed,
            })
            .await
        }
        Command::ApiKey { kind, scope, name } => partner_center::server::issue_api_key(&cli.config, &kind, &scope, &name).await,
        Command::CreateOperator { email, password, name } => {
            partner_center::server::create_operator(&cli.config, &email, password.as_deref(), &name).await
        }
    };
    if let Err(message) = result {
        eprintln!("partner-center: {message}");
        std::process::exit(1);
    }
}

import Logging
import Foundation
import PostgresNIO

/// The store's schema, as numbered migrations applied in order; each applied one is recorded
/// in `schema_migrations`. A migration is never edited once released: add the next one.
enum Migrations {
  struct Migration: Sendable {
    var version: Int
    var name: String
    var sql: String
  }

  static let all: [Migration] = [
    Migration(version: 1, name: "jobs and results", sql: """
      -- The job queue, stored results keyed by manifest digest, and inventories per layer diffID.
      CREATE TABLE scan_jobs (
        id uuid PRIMARY KEY,
        reference text NOT NULL,
        scanners text NOT NULL,
        insecure boolean NOT NULL DEFAULT false,
        origin text NOT NULL,
        event_id text UNIQUE,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'parked')),
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL CHECK (max_attempts > 0),
        available_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_expires timestamptz,
        credential_holder text,
        last_error text,
        manifest_digest text,
        harbor_artifact text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX scan_jobs_pending ON scan_jobs (created_at) WHERE state IN ('queued', 'running');
      
      CREATE TABLE scan_results (
        job_id uuid PRIMARY KEY REFERENCES scan_jobs (id),
        manifest_digest text NOT NULL,
        reference text NOT NULL,
        report text NOT NULL,
        summary jsonb NOT NULL,
        duration_seconds double precision NOT NULL,
        scanned_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX scan_results_by_digest ON scan_results (manifest_digest, scanned_at DESC);
      
      CREATE TABLE layers (
        diff_id text PRIMARY KEY,
        packages text NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      
      CREATE TABLE images (
        manifest_digest text PRIMARY KEY,
        target text NOT NULL,
        os text,
        unlayered_packages text NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      
      CREATE TABLE image_layers (
        manifest_digest text NOT NULL REFERENCES images (manifest_digest),
        position integer NOT NULL,
        diff_id text NOT NULL REFERENCES layers (diff_id),
        PRIMARY KEY (manifest_digest, position)
      );
      """),
    Migration(version: 2, name: "credential holders", sql: """
      -- Processes holding registry credentials in memory, and when each was last seen alive.
      CREATE TABLE credential_holders (
        holder text PRIMARY KEY,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      """),
    Migration(version: 3, name: "uploads", sql: """
      -- Image archives submitted by upload, kept until their scan is done.
      CREATE TABLE uploads (
        job_id uuid PRIMARY KEY REFERENCES scan_jobs (id),
        name text NOT NULL,
        data bytea NOT NULL
      );
      """),
  ]

  /// Applies the migrations the database has not recorded, under an advisory lock so that
  /// servers and workers starting together migrate once.
  static func apply(_ client: PostgresClient, logger: Logger) async throws {
    try await client.withTransaction(logger: logger) { connection in
      try await connection.query("SELECT pg_advisory_xact_lock(7140011)", logger: logger)
      try await connection.query("""
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
        """, logger: logger)
      var applied: Set<Int> = []
      for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: logger)
        .decode(Int.self)
      {
        applied.insert(version)
      }
      for migration in all where !applied.contains(migration.version) {
        for statement in statements(of: migration.sql) {
          try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await connection.query(
          "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
          logger: logger)
        logger.info("applied migration \(migration.version): \(migration.name)")
      }
    }
  }

  /// The statements of a migration: split at semicolons that end a line (none of ours holds
  /// one inside a string); comment lines dropped.
  static func statements(of sql: String) -> [String] {
    let lines = sql.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
    return lines.joined(separator: "\n").components(separatedBy: ";\n")
      .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: ";")) }
      .filter { !$0.isEmpty }
  }
}

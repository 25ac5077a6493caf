import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder; argon2 is a
  // native addon. Both must be required at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  // Read from disk at run time (src/server/db/migrate.ts, bootstrap.ts); serverless builds
  // must ship them.
  outputFileTracingIncludes: {
    "/**": ["./supabase/migrations/**/*.sql", "./src/server/db/bootstrap.sql"],
  },
  poweredByHeader: false,
  // The build type-checks the app only; `npm run typecheck` covers tests and scripts too.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;

/** Moments Java SDK: local assignment and event tracking. */
package dev.moments.sdk;

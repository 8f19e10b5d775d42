package dev.neo4jbackup.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.neo4jbackup.config.ApiProperties;

/**
 * Who may do what over HTTP: reading is open (configurable), every change needs the operator
 * credential (HTTP Basic), and without a configured operator password the changes are off (503).
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);
    static final String OPERATOR = "OPERATOR";
    static final String VIEWER = "VIEWER";

    @Bean
    SecurityFilterChain apiSecurityChain(HttpSecurity http, ApiProperties api) throws Exception {
        http.csrf(csrf -> csrf.disable()) // a token API for scripts and curl, no browser session to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(Customizer.withDefaults())
                .addFilterBefore(new MutationsOffWithoutCredential(api), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> {
                    if (api.publicActuator()) {
                        auth.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll();
                    }
                    auth.requestMatchers("/actuator/**").hasAnyRole(VIEWER, OPERATOR);
                    // HEAD is a GET without its body (a monitor's curl -I): it is let in wherever GET is
                    if (api.publicRead()) {
                        auth.requestMatchers(HttpMethod.GET, "/api/**").permitAll();
                        auth.requestMatchers(HttpMethod.HEAD, "/api/**").permitAll();
                    } else {
                        auth.requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(VIEWER, OPERATOR);
                        auth.requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(VIEWER, OPERATOR);
                    }
                    auth.requestMatchers("/api/**").hasRole(OPERATOR);
                    auth.requestMatchers("/error").permitAll();
                    auth.anyRequest().denyAll();
                });
        return http.build();
    }

    /** Always defined, so Spring Boot never generates (and logs) a default password. */
    @Bean
    UserDetailsService apiUsers(ApiProperties api) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = new ArrayList<>();
        if (api.operatorConfigured()) {
            users.add(User.withUsername(api.username()).password(encoder.encode(api.password()))
                    .roles(OPERATOR, VIEWER).build());
        } else {
            log.warn("API: no operator password (BACKUP_API_PASSWORD): the mutating /api endpoints answer 503; "
                    + "reading, health and metrics work");
        }
        if (api.viewerUsername() != null) {
            users.add(User.withUsername(api.viewerUsername()).password(encoder.encode(api.viewerPassword()))
                    .roles(VIEWER).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /** Without an operator credential there is nobody who could be allowed a change: say so plainly. */
    static final class MutationsOffWithoutCredential extends OncePerRequestFilter {
        private final ApiProperties api;

        MutationsOffWithoutCredential(ApiProperties api) {
            this.api = api;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean mutation = !HttpMethod.GET.matches(request.getMethod())
                    && !HttpMethod.HEAD.matches(request.getMethod());
            if (mutation && !api.operatorConfigured() && request.getRequestURI().startsWith("/api/")) {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getWriter().write("{\"code\":\"API_DISABLED\",\"reason\":\"No operator credential is "
                        + "configured, so changes over HTTP are off\",\"action\":\"Set BACKUP_API_PASSWORD (and "
                        + "BACKUP_API_USERNAME, default operator) and restart the service\"}");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
